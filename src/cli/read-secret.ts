import { readFile } from "node:fs/promises";
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
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(envName)) {
      throw new UsageError(
        "--secret-env must name an environment variable, such as OPENAI_API_KEY",
      );
    }
    secret = io.env[envName] ?? "";
    if (secret === "") throw new UsageError(`the environment variable ${envName} is not set`);
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
