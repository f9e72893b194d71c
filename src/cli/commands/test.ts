import { ValidationError } from "../../errors/validation-error.js";
import { redactSecrets } from "../../masking/redact.js";
import type { ProviderId } from "../../providers/ids.js";
import { testCredentials } from "../../validators/test-credentials.js";
import type { TestResult } from "../../validators/types.js";
import { type CliIo, EXIT, type ExitCode } from "../io.js";
import { parseOptions } from "../parse-options.js";
import { readSecret, SECRET_OPTIONS, secretParts } from "../read-secret.js";
import { REMOTE_OPTIONS, remoteClient } from "../remote.js";
import { reportError } from "../report-error.js";
import { UsageError } from "../usage-error.js";
import { scrubbed } from "./keys.js";

export const TEST_HELP = `byokit test --provider P [--secret-env VAR | --secret-file PATH] [--json]
  Tests credentials with the provider's cheapest request. The secret comes from an
  environment variable, a file, or stdin; never from an argument. Runs here, or through
  the API's POST /provider-keys/test when --url (or BYOKIT_URL) is given.
  Exit code 0 when valid, 1 otherwise.`;

export async function test(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values } = parseOptions(
    args,
    { ...REMOTE_OPTIONS, ...SECRET_OPTIONS, provider: { type: "string" } },
    { max: 0, names: "" },
  );
  if (values.help) {
    io.stdout(`${TEST_HELP}\n`);
    return EXIT.ok;
  }
  if (!values.provider) throw new UsageError("--provider is required");
  const remote = values.url !== undefined || io.env.BYOKIT_URL !== undefined;
  const client = remote ? remoteClient(values, io) : undefined;
  const secret = await readSecret(values, io);
  try {
    const result = client
      ? await client.providerKeys.test({
          provider: values.provider as ProviderId,
          provider_key: secret,
        })
      : await testCredentials(values.provider, secret, { fetch: io.fetch });
    // The server's answer is scrubbed too: a hostile or broken one could quote the secret.
    return printTestResult(
      scrubStrings(result, secretParts(secret)) as TestResult,
      values.json,
      io,
    );
  } catch (error) {
    if (error instanceof ValidationError) {
      // Bad input here is a failed test, not a usage error: the secret was read fine. Here
      // or through the API alike, the client refusing it is the answer to the question asked.
      scrubbed(error, secret);
      reportError(error, EXIT.failure, values.json === true, io, "not valid");
      return EXIT.failure;
    }
    throw scrubbed(error, secret);
  }
}

/** `value` with every string in it (at any depth) scrubbed of `secrets`. */
function scrubStrings(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === "string") return redactSecrets(value, secrets);
  if (Array.isArray(value)) return value.map((item) => scrubStrings(item, secrets));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        redactSecrets(key, secrets),
        scrubStrings(item, secrets),
      ]),
    );
  }
  return value;
}

/** Outcomes in which the provider never judged the key: "not checked", not "not valid". */
const UNJUDGED: ReadonlySet<string> = new Set([
  "network_error",
  "timeout",
  "rate_limited",
  "unexpected_response",
]);

/** Prints a credential test; exit 0 only when it passed. */
export function printTestResult(
  result: TestResult,
  json: boolean | undefined,
  io: CliIo,
): ExitCode {
  if (json) {
    io.stdout(`${JSON.stringify(result)}\n`);
  } else {
    const verdict = result.ok ? "valid" : UNJUDGED.has(result.status) ? "not checked" : "not valid";
    const lines = [`${verdict}: ${result.status} — ${result.message}`];
    for (const region of result.regions ?? []) {
      lines.push(`  ${region.region}: ${region.status} — ${region.message}`);
    }
    io.stdout(`${lines.join("\n")}\n`);
  }
  return result.ok ? EXIT.ok : EXIT.failure;
}
