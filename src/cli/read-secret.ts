import { readFile } from "node:fs/promises";
import { credentialSecrets } from "../internal/string-values.js";
import type { CliIo } from "./io.js";
import { UsageError } from "./usage-error.js";

export const SECRET_OPTIONS = {
  "secret-env": { type: "string" },
  "secret-file": { type: "string" },
} as const;

/**
 * The secret of `test` and `keys create`: from the environment variable `--secret-env`
 * names, the file `--secret-file` names, or stdin. Never from an argument: arguments are
 * visible to every user of the machine (`ps`) and kept in shell history.
 */
export async function readSecret(
  values: { "secret-env"?: string | undefined; "secret-file"?: string | undefined },
  io: CliIo,
): Promise<string> {
  const envName = values["secret-env"];
  const file = values["secret-file"];
  if (envName !== undefined && file !== undefined) {
    throw new UsageError("give --secret-env or --secret-file, not both");
  }
  let secret: string;
  if (envName !== undefined) {
    // The name is never repeated: `--secret-env "$OPENAI_KEY"` passes the value instead.
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(envName)) {
      throw new UsageError(
        "--secret-env must name an environment variable, such as OPENAI_API_KEY (its name, not its value)",
      );
    }
    secret = io.env[envName] ?? "";
    if (secret === "") {
      throw new UsageError(
        "the environment variable named by --secret-env is not set or empty (give its name, such as OPENAI_API_KEY, not its value)",
      );
    }
  } else if (file !== undefined) {
    try {
      secret = await readFile(file, "utf8");
    } catch {
      throw new UsageError("cannot read the file given to --secret-file");
    }
  } else {
    if (io.stdinIsTty) {
      throw new UsageError(
        "no secret given: pipe it on stdin, or use --secret-env VAR or --secret-file PATH",
      );
    }
    secret = await io.readStdin();
  }
  const trimmed = secret.trim();
  if (trimmed === "") throw new UsageError("the secret is empty");
  return trimmed;
}

/**
 * The strings of a secret as typed that errors must not repeat: for JSON text (Bedrock, Vertex
 * AI, Azure) only its secret values (`credentialSecrets`), so field and region names such as
 * `provider_key.eu-west-1.secret_access_key` stay readable; otherwise the whole text.
 */
export function secretParts(secret: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(secret);
  } catch {
    return [secret];
  }
  if (typeof parsed !== "object" || parsed === null) return [secret];
  return credentialSecrets(parsed).filter((part) => part !== "");
}
