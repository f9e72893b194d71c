import { apiKeyExpiresAt } from "../../client/api-key-expiry.js";
import { MAX_PAGE_SIZE } from "../../client/request-checks.js";
import type { ApiKey } from "../../providers/record.js";
import type { UpdateApiKeyInput } from "../../schemas/api-key-input.js";
import { table } from "../format.js";
import { type CliIo, EXIT, type ExitCode } from "../io.js";
import { parseOptions } from "../parse-options.js";
import { REMOTE_OPTIONS, remoteClient } from "../remote.js";
import { UsageError } from "../usage-error.js";

export const API_KEYS_HELP = `byokit api-keys list [--limit N]
byokit api-keys get ID
byokit api-keys create --name NAME [--type api|coding_agent] [--coding-assistant A] [--model M]...
                       [--max-usage USD] [--expires-in-days N] [--email E] [--byok-only] [--show-key]
byokit api-keys update ID [--name NAME] [--model M]... [--max-usage USD|none] [--active true|false]
                       [--debug-mode true|false] [--byok-only true|false]
byokit api-keys delete ID
byokit api-keys reveal ID --show-key
  Manage gateway API keys (key_…) of --org at --url with --token, as for keys. The secret is
  printed only with --show-key (create shows it once; reveal reads it again). --json for scripts.`;

export async function apiKeys(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const [action, ...rest] = args;
  switch (action) {
    case "list":
      return list(rest, io);
    case "get":
      return get(rest, io);
    case "create":
      return create(rest, io);
    case "update":
      return update(rest, io);
    case "delete":
      return remove(rest, io);
    case "reveal":
      return reveal(rest, io);
    case undefined:
    case "--help":
    case "-h":
      io.stdout(`${API_KEYS_HELP}\n`);
      return action === undefined ? EXIT.usage : EXIT.ok;
    default:
      throw new UsageError(
        "unknown api-keys action; use list, get, create, update, delete or reveal",
      );
  }
}

async function list(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values } = parseOptions(
    args,
    { ...REMOTE_OPTIONS, limit: { type: "string" } },
    { max: 0, names: "" },
  );
  if (values.help) return help(io);
  const max = values.limit === undefined ? Number.POSITIVE_INFINITY : Number(values.limit);
  if (!(max >= 1) || (!Number.isInteger(max) && max !== Number.POSITIVE_INFINITY)) {
    throw new UsageError("--limit must be a positive integer");
  }
  const client = remoteClient(values, io);
  const records: ApiKey[] = [];
  // No paging parameter unless --limit: Edgee answers its raw array.
  const query = values.limit === undefined ? undefined : { limit: Math.min(MAX_PAGE_SIZE, max) };
  for await (const record of client.apiKeys.list(query)) {
    records.push(record);
    if (records.length >= max) break;
  }
  io.stdout(values.json ? `${JSON.stringify(records)}\n` : `${apiKeyRows(records)}\n`);
  return EXIT.ok;
}

async function get(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseOptions(args, REMOTE_OPTIONS, { max: 1, names: "ID" });
  if (values.help) return help(io);
  const record = await remoteClient(values, io).apiKeys.get(requireId(positionals));
  print(record, values.json, false, io);
  return EXIT.ok;
}

async function create(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values } = parseOptions(
    args,
    {
      ...REMOTE_OPTIONS,
      name: { type: "string" },
      type: { type: "string" },
      "coding-assistant": { type: "string" },
      model: { type: "string", multiple: true },
      "max-usage": { type: "string" },
      "expires-in-days": { type: "string" },
      email: { type: "string" },
      "byok-only": { type: "boolean" },
      "show-key": { type: "boolean" },
    },
    { max: 0, names: "" },
  );
  if (values.help) return help(io);
  if (!values.name) throw new UsageError("--name is required");
  const client = remoteClient(values, io);
  // The client checks every field; a ValidationError names it.
  const record = await client.apiKeys.create({
    name: values.name,
    ...(values.type === undefined ? {} : { type: values.type as "api" | "coding_agent" }),
    ...(values["coding-assistant"] === undefined
      ? {}
      : { coding_assistant: values["coding-assistant"] }),
    ...(values.model === undefined ? {} : { models: values.model }),
    ...(values["max-usage"] === undefined
      ? {}
      : { max_usage: wholeNumber("--max-usage", values["max-usage"]) }),
    ...(values["expires-in-days"] === undefined
      ? {}
      : { expires_in_days: wholeNumber("--expires-in-days", values["expires-in-days"]) }),
    ...(values.email === undefined ? {} : { email: values.email }),
    ...(values["byok-only"] ? { byok_only: true } : {}),
  });
  print(record, values.json, values["show-key"] === true, io);
  if (!values["show-key"] && !values.json) {
    io.stderr(
      `the key is not printed; read it with: byokit api-keys reveal ${record.id} --show-key\n`,
    );
  }
  return EXIT.ok;
}

async function update(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseOptions(
    args,
    {
      ...REMOTE_OPTIONS,
      name: { type: "string" },
      model: { type: "string", multiple: true },
      "max-usage": { type: "string" },
      active: { type: "string" },
      "debug-mode": { type: "string" },
      "byok-only": { type: "string" },
    },
    { max: 1, names: "ID" },
  );
  if (values.help) return help(io);
  const id = requireId(positionals);
  const patch: { -readonly [K in keyof UpdateApiKeyInput]: UpdateApiKeyInput[K] } = {};
  if (values.name !== undefined) patch.name = values.name;
  if (values.model !== undefined) patch.models = values.model;
  if (values["max-usage"] !== undefined) {
    patch.max_usage =
      values["max-usage"] === "none" ? null : wholeNumber("--max-usage", values["max-usage"]);
  }
  if (values.active !== undefined) patch.active = bool("--active", values.active);
  if (values["debug-mode"] !== undefined) {
    patch.debug_mode = bool("--debug-mode", values["debug-mode"]);
  }
  if (values["byok-only"] !== undefined) patch.byok_only = bool("--byok-only", values["byok-only"]);
  const record = await remoteClient(values, io).apiKeys.update(id, patch);
  print(record, values.json, false, io);
  return EXIT.ok;
}

async function remove(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseOptions(args, REMOTE_OPTIONS, { max: 1, names: "ID" });
  if (values.help) return help(io);
  const id = requireId(positionals);
  await remoteClient(values, io).apiKeys.delete(id);
  io.stdout(
    values.json
      ? `${JSON.stringify({ object: "ai_gateway_api_key", id, deleted: true })}\n`
      : `deleted ${id}\n`,
  );
  return EXIT.ok;
}

async function reveal(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseOptions(
    args,
    { ...REMOTE_OPTIONS, "show-key": { type: "boolean" } },
    { max: 1, names: "ID" },
  );
  if (values.help) return help(io);
  const id = requireId(positionals);
  // Asked for explicitly, so that a secret never lands in a terminal or a log by accident.
  if (!values["show-key"]) throw new UsageError("reveal prints a secret: add --show-key");
  const record = await remoteClient(values, io).apiKeys.reveal(id);
  io.stdout(
    values.json ? `${JSON.stringify({ ...record, key: record.key })}\n` : `${record.key}\n`,
  );
  return EXIT.ok;
}

/** When an API key expires, for a table: `never` for Edgee's zero-time sentinel. */
export function describeExpiry(record: Pick<ApiKey, "expires_at">): string {
  const expiry = apiKeyExpiresAt(record);
  return expiry === null ? "never" : expiry === undefined ? "" : expiry.toISOString();
}

export function apiKeyRows(records: readonly ApiKey[]): string {
  const flag = (value: boolean | undefined) => (value === undefined ? "" : value ? "yes" : "no");
  return table(
    ["ID", "NAME", "TYPE", "ACTIVE", "BYOK-ONLY", "EXPIRES", "KEY"],
    records.map((r) => [
      r.id,
      r.name,
      r.type === "coding_agent" ? `coding_agent (${r.coding_assistant ?? "?"})` : (r.type ?? ""),
      flag(r.active),
      flag(r.byok_only),
      describeExpiry(r),
      r.preview ?? "",
    ]),
  );
}

function print(record: ApiKey, json: boolean | undefined, showKey: boolean, io: CliIo): void {
  // `key` is not enumerable on the record: it is printed only when asked for.
  const shown = showKey && record.key !== undefined ? { ...record, key: record.key } : record;
  if (json) {
    io.stdout(`${JSON.stringify(shown)}\n`);
    return;
  }
  io.stdout(`${apiKeyRows([record])}\n`);
  if (showKey && record.key !== undefined) io.stdout(`key: ${record.key}\n`);
}

function requireId(positionals: readonly string[]): string {
  const id = positionals[0];
  if (!id || !/^[A-Za-z0-9_-]{1,128}$/.test(id)) {
    throw new UsageError("give the API key id (key_…)");
  }
  return id;
}

function wholeNumber(option: string, value: string): number {
  if (!/^\d{1,12}$/.test(value)) throw new UsageError(`${option} must be a whole number`);
  return Number(value);
}

function bool(option: string, value: string): boolean {
  if (value === "true") return true;
  if (value === "false") return false;
  throw new UsageError(`${option} must be true or false`);
}

function help(io: CliIo): ExitCode {
  io.stdout(`${API_KEYS_HELP}\n`);
  return EXIT.ok;
}
