import { rotateMasterKey } from "../../local/postgres/rotate-master-key.js";
import { DATABASE_OPTIONS, requireDatabase } from "../database-options.js";
import { type CliIo, EXIT, type ExitCode } from "../io.js";
import { parseOptions } from "../parse-options.js";
import { UsageError } from "../usage-error.js";

export const ROTATE_MASTER_KEY_HELP = `byokit rotate-master-key [--database-url URL] [--schema byokit]
                         [--previous-key-stdin] [--batch-size 100] [--json]
  Re-encrypts every secret of the PostgreSQL store from the previous master key
  (BYOKIT_PREVIOUS_MASTER_KEY, or stdin with --previous-key-stdin) to the new one
  (BYOKIT_MASTER_KEY), in batches; run it again if it is interrupted. Keys are never read
  from arguments. Run the instances with both keys first (serve reads
  BYOKIT_PREVIOUS_MASTER_KEY too), rotate, then drop the previous key.`;

export async function rotateMasterKeyCommand(
  args: readonly string[],
  io: CliIo,
): Promise<ExitCode> {
  const { values } = parseOptions(
    args,
    {
      ...DATABASE_OPTIONS,
      "previous-key-stdin": { type: "boolean" },
      "batch-size": { type: "string" },
    },
    { max: 0, names: "" },
  );
  if (values.help) {
    io.stdout(`${ROTATE_MASTER_KEY_HELP}\n`);
    return EXIT.ok;
  }
  const database = requireDatabase(values, io);
  const to = io.env.BYOKIT_MASTER_KEY ?? "";
  if (to === "") throw new UsageError("set BYOKIT_MASTER_KEY to the new master key");
  let from: string;
  if (values["previous-key-stdin"]) {
    if (io.stdinIsTty) throw new UsageError("--previous-key-stdin: pipe the previous key on stdin");
    from = (await io.readStdin()).trim();
  } else {
    from = io.env.BYOKIT_PREVIOUS_MASTER_KEY ?? "";
  }
  if (from === "") {
    throw new UsageError(
      "no previous master key: set BYOKIT_PREVIOUS_MASTER_KEY, or pipe it with --previous-key-stdin",
    );
  }
  const batchText = values["batch-size"] ?? "100";
  if (!/^\d{1,5}$/.test(batchText) || Number(batchText) < 1) {
    throw new UsageError("--batch-size must be a number from 1 to 99999");
  }
  const result = await rotateMasterKey({ ...database, from, to, batchSize: Number(batchText) });
  const { provider_keys, api_keys, idempotency_records } = result.rotated;
  io.stdout(
    values.json
      ? `${JSON.stringify(result)}\n`
      : `re-encrypted ${provider_keys} provider keys, ${api_keys} API keys and ${idempotency_records} idempotency records from master key ${result.from} to ${result.to}\n`,
  );
  return EXIT.ok;
}
