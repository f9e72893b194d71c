import { type ParseArgsConfig, parseArgs } from "node:util";
import { echoOption } from "../internal/safe-echo.js";
import { UsageError } from "./usage-error.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Options every command takes. */
export const COMMON_OPTIONS = {
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const satisfies Options;

/**
 * `node:util` parseArgs, strict, with errors rewritten so they name the option at fault but
 * never quote an argument: a secret pasted on the command line does not end up in a log.
 */
export function parseOptions<O extends Options>(
  args: readonly string[],
  options: O,
  positionals: { readonly max: number; readonly names: string },
) {
  let parsed: ReturnType<
    typeof parseArgs<{
      options: O & typeof COMMON_OPTIONS;
      allowPositionals: true;
      strict: true;
      args: string[];
    }>
  >;
  try {
    parsed = parseArgs({
      args: [...args],
      options: { ...COMMON_OPTIONS, ...options },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(describeParseError(error));
  }
  if (parsed.positionals.length > positionals.max) {
    throw new UsageError(
      positionals.max === 0
        ? "this command takes no arguments besides its options (secrets are never read from arguments: use --secret-env VAR, --secret-file PATH or stdin)"
        : `too many arguments: expected ${positionals.names}`,
    );
  }
  return parsed;
}

function describeParseError(error: unknown): string {
  const code = (error as { code?: string }).code;
  // Node quotes what was typed; a value pasted as `--<secret>` lands here. Keep only a
  // plain word option (see echoOption), never anything shaped like a value.
  const typed = /'(-{1,2}[^'\s=]{1,200})/.exec((error as Error).message ?? "")?.[1];
  const name = echoOption(typed);
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    if (name === undefined) {
      return "unknown option (not repeated: it looks like a value, which could be a secret); see --help";
    }
    return /secret|key|password|token/i.test(name)
      ? `unknown option ${name}: secrets are never read from arguments; use --secret-env VAR, --secret-file PATH or stdin`
      : `unknown option ${name}; see --help`;
  }
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    return `option ${name ?? ""} is missing its value or does not take one; see --help`;
  }
  return "invalid arguments; see --help";
}
