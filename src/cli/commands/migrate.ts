import { migrate } from "../../local/postgres/migrate.js";
import { DATABASE_OPTIONS, requireDatabase } from "../database-options.js";
import { type CliIo, EXIT, type ExitCode } from "../io.js";
import { parseOptions } from "../parse-options.js";

export const MIGRATE_HELP = `byokit migrate [--database-url URL] [--schema byokit] [--json]
  Creates or upgrades the PostgreSQL store's tables (numbered migrations, each applied once,
  under an advisory lock: safe while instances start). serve --database-url does it too; run
  it alone to migrate before a rollout. The URL may come from BYOKIT_DATABASE_URL instead
  (an argument is visible to other users of the machine).`;

export async function migrateCommand(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values } = parseOptions(args, DATABASE_OPTIONS, { max: 0, names: "" });
  if (values.help) {
    io.stdout(`${MIGRATE_HELP}\n`);
    return EXIT.ok;
  }
  const result = await migrate(requireDatabase(values, io));
  io.stdout(
    values.json
      ? `${JSON.stringify(result)}\n`
      : result.applied.length === 0
        ? `schema up to date (migration ${result.version})\n`
        : `applied migration${result.applied.length > 1 ? "s" : ""} ${result.applied.join(", ")} (now at ${result.version})\n`,
  );
  return EXIT.ok;
}
