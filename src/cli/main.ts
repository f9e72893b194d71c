import { ValidationError } from "../errors/validation-error.js";
import { API_KEYS_HELP, apiKeys } from "./commands/api-keys.js";
import { KEYGEN_HELP, keygen } from "./commands/keygen.js";
import { KEYS_HELP, keys } from "./commands/keys.js";
import { MIGRATE_HELP, migrateCommand } from "./commands/migrate.js";
import { RESOLVE_HELP, resolve } from "./commands/resolve.js";
import { ROTATE_MASTER_KEY_HELP, rotateMasterKeyCommand } from "./commands/rotate-master-key.js";
import { SERVE_HELP, serveCommand } from "./commands/serve.js";
import { TEST_HELP, test } from "./commands/test.js";
import { type CliIo, EXIT, type ExitCode } from "./io.js";
import { reportError } from "./report-error.js";
import { UsageError } from "./usage-error.js";

const HELP = `byokit: Bring-Your-Own-Keys for an LLM gateway

${SERVE_HELP}

${KEYGEN_HELP}

${MIGRATE_HELP}

${ROTATE_MASTER_KEY_HELP}

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
  migrate: migrateCommand,
  "rotate-master-key": rotateMasterKeyCommand,
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
  const json = wantsJson(rest);
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  try {
    if (!command) throw new UsageError("unknown command; run byokit --help");
    return await command(rest, io);
  } catch (error) {
    const code =
      error instanceof UsageError || error instanceof ValidationError ? EXIT.usage : EXIT.failure;
    reportError(error, code, json, io);
    return code;
  }
}

/**
 * Whether the command line asks for JSON: `--json` before any `--`. Looked at before parsing,
 * so a command line that does not parse still gets its error as JSON.
 */
function wantsJson(args: readonly string[]): boolean {
  const end = args.indexOf("--");
  return (end === -1 ? args : args.slice(0, end)).includes("--json");
}
