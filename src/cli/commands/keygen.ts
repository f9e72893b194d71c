import { randomBytes } from "node:crypto";
import { type CliIo, EXIT, type ExitCode } from "../io.js";
import { parseOptions } from "../parse-options.js";

export const KEYGEN_HELP = `byokit keygen [--json]
  Prints a new master key for the file store (32 random bytes, base64).
  Keep it in a secret manager; export it as BYOKIT_MASTER_KEY.`;

export async function keygen(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values } = parseOptions(args, {}, { max: 0, names: "" });
  if (values.help) {
    io.stdout(`${KEYGEN_HELP}\n`);
    return EXIT.ok;
  }
  const masterKey = randomBytes(32).toString("base64");
  io.stdout(values.json ? `${JSON.stringify({ master_key: masterKey })}\n` : `${masterKey}\n`);
  return EXIT.ok;
}
