import { ApiError } from "../errors/api-error.js";
import { ByokError } from "../errors/byok-error.js";
import { ConnectionError } from "../errors/connection-error.js";
import { ValidationError } from "../errors/validation-error.js";
import { redactKnownSecrets } from "../masking/redact.js";
import { API_KEYS_HELP, apiKeys } from "./commands/api-keys.js";
import { KEYGEN_HELP, keygen } from "./commands/keygen.js";
import { KEYS_HELP, keys } from "./commands/keys.js";
import { RESOLVE_HELP, resolve } from "./commands/resolve.js";
import { SERVE_HELP, serveCommand } from "./commands/serve.js";
import { TEST_HELP, test } from "./commands/test.js";
import { type CliIo, EXIT, type ExitCode } from "./io.js";
import { UsageError } from "./usage-error.js";

const HELP = `byokit: Bring-Your-Own-Keys for an LLM gateway

${SERVE_HELP}

${KEYGEN_HELP}

${KEYS_HELP}

${API_KEYS_HELP}

${RESOLVE_HELP}

${TEST_HELP}

Exit codes: 0 ok, 1 failure (API error, invalid credentials, not resolved), 2 usage error.`;

const COMMANDS: Readonly<
  Record<string, (args: readonly string[], io: CliIo) => Promise<ExitCode>>
> = {
  serve: serveCommand,
  keygen,
  keys,
  "api-keys": apiKeys,
  resolve,
  test,
};

/**
 * Runs one `byokit` command line and returns its exit code. Errors are printed as one line on
 * stderr, scrubbed of anything shaped like a credential.
 *
 * @example
 * process.exitCode = await main(process.argv.slice(2), nodeIo());
 */
export async function main(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const [name, ...rest] = args;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    io.stdout(`${HELP}\n`);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.stderr("error: unknown command; run byokit --help\n");
    return EXIT.usage;
  }
  try {
    return await command(rest, io);
  } catch (error) {
    io.stderr(`error: ${redactKnownSecrets(describe(error))}\n`);
    return error instanceof UsageError || error instanceof ValidationError
      ? EXIT.usage
      : EXIT.failure;
  }
}

function describe(error: unknown): string {
  if (error instanceof ApiError) {
    const requestId = error.requestId ? ` (request ${error.requestId})` : "";
    return `${error.message}${requestId}`;
  }
  if (error instanceof ConnectionError) return `${error.message}${systemCodeOf(error)}`;
  if (error instanceof ByokError) return error.message;
  // Not ours: name it without trusting its message to be free of detail.
  return `unexpected ${error instanceof Error ? error.name : "failure"}`;
}

/**
 * ` (ECONNREFUSED)`: Node's fetch fails with a bare "fetch failed" whose cause holds the
 * system error code, the one clue to why a server cannot be reached. Only a code-shaped
 * value is shown.
 */
function systemCodeOf(error: ConnectionError): string {
  let cause: unknown = error.cause;
  for (let depth = 0; depth < 3 && typeof cause === "object" && cause !== null; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === "string" && /^E[A-Z0-9_]{1,40}$/.test(code)) return ` (${code})`;
    cause = (cause as { cause?: unknown }).cause;
  }
  return "";
}
