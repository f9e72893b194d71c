import { MAX_PAGE_SIZE } from "../../client/request-checks.js";
import { redactSecrets } from "../../masking/redact.js";
import type { ProviderId } from "../../providers/ids.js";
import type { ProviderKey } from "../../providers/record.js";
import { keyRows } from "../format.js";
import { type CliIo, EXIT, type ExitCode } from "../io.js";
import { parseOptions } from "../parse-options.js";
import { readSecret, SECRET_OPTIONS, secretParts } from "../read-secret.js";
import { REMOTE_OPTIONS, remoteClient } from "../remote.js";
import { UsageError } from "../usage-error.js";
import { printTestResult } from "./test.js";

export const KEYS_HELP = `byokit keys list [--provider P] [--api-key-id K] [--limit N]
byokit keys get ID
byokit keys create --provider P --name NAME [--api-key-id K]... [--secret-env VAR | --secret-file PATH]
byokit keys delete ID [--if-match VERSION]
byokit keys test ID
  Manage provider keys of --org (EDGEE_ORGANIZATION_ID) at --url (BYOKIT_URL, default
  https://api.edgee.app) with --token (EDGEE_CONSOLE_API_TOKEN). create reads the secret
  from an environment variable, a file or stdin; never from an argument. --json for scripts.`;

export async function keys(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const [action, ...rest] = args;
  switch (action) {
    case "list":
      return list(rest, io);
    case "get":
      return get(rest, io);
    case "create":
      return create(rest, io);
    case "delete":
      return remove(rest, io);
    case "test":
      return testStored(rest, io);
    case undefined:
    case "--help":
    case "-h":
      io.stdout(`${KEYS_HELP}\n`);
      return action === undefined ? EXIT.usage : EXIT.ok;
    default:
      throw new UsageError("unknown keys action; use list, get, create, delete or test");
  }
}

async function list(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values } = parseOptions(
    args,
    {
      ...REMOTE_OPTIONS,
      provider: { type: "string" },
      "api-key-id": { type: "string" },
      limit: { type: "string" },
    },
    { max: 0, names: "" },
  );
  if (values.help) return help(io);
  const max = values.limit === undefined ? Number.POSITIVE_INFINITY : Number(values.limit);
  if (!(max >= 1) || (!Number.isInteger(max) && max !== Number.POSITIVE_INFINITY)) {
    throw new UsageError("--limit must be a positive integer");
  }
  const client = remoteClient(values, io);
  const pages = client.providerKeys.list({
    limit: Math.min(MAX_PAGE_SIZE, max),
    // Checked by the client: an unknown provider or a malformed id is a ValidationError.
    provider: values.provider as ProviderId | undefined,
    api_key_id: values["api-key-id"],
  });
  const records: ProviderKey[] = [];
  // Iterating follows last_key page after page; stop at --limit.
  for await (const record of pages) {
    records.push(record);
    if (records.length >= max) break;
  }
  if (values.json) io.stdout(`${JSON.stringify(records)}\n`);
  else io.stdout(records.length === 0 ? "No provider keys.\n" : `${keyRows(records)}\n`);
  return EXIT.ok;
}

async function get(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseOptions(args, REMOTE_OPTIONS, { max: 1, names: "ID" });
  if (values.help) return help(io);
  const client = remoteClient(values, io);
  const record = await client.providerKeys.get(requireId(positionals));
  printRecord(record, values.json, io);
  return EXIT.ok;
}

async function create(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values } = parseOptions(
    args,
    {
      ...REMOTE_OPTIONS,
      ...SECRET_OPTIONS,
      provider: { type: "string" },
      name: { type: "string" },
      "api-key-id": { type: "string", multiple: true },
    },
    { max: 0, names: "" },
  );
  if (values.help) return help(io);
  if (!values.provider || !values.name) throw new UsageError("--provider and --name are required");
  const client = remoteClient(values, io);
  const secret = await readSecret(values, io);
  try {
    // The client checks every field (the provider too) and sends an Idempotency-Key.
    const record = await client.providerKeys.create({
      provider: values.provider as ProviderId,
      name: values.name,
      provider_key: secret,
      api_key_ids: values["api-key-id"] ?? [],
    });
    printRecord(record, values.json, io);
    return EXIT.ok;
  } catch (error) {
    throw scrubbed(error, secret);
  }
}

async function remove(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseOptions(
    args,
    { ...REMOTE_OPTIONS, "if-match": { type: "string" } },
    { max: 1, names: "ID" },
  );
  if (values.help) return help(io);
  const client = remoteClient(values, io);
  const id = requireId(positionals);
  const ifMatch = values["if-match"];
  // Refused here, as promised: the API would answer a 400 after the request was sent.
  if (ifMatch !== undefined && !/^(?:W\/)?"?\d{1,15}"?$/.test(ifMatch.trim())) {
    throw new UsageError('--if-match must be a version: 3, "3" or W/"3"');
  }
  await client.providerKeys.delete(id, { ifMatch });
  io.stdout(
    values.json
      ? `${JSON.stringify({ object: "provider_key", id, deleted: true })}\n`
      : `deleted ${id}\n`,
  );
  return EXIT.ok;
}

async function testStored(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseOptions(args, REMOTE_OPTIONS, { max: 1, names: "ID" });
  if (values.help) return help(io);
  const client = remoteClient(values, io);
  const result = await client.providerKeys.testStored(requireId(positionals));
  return printTestResult(result, values.json, io);
}

function printRecord(record: ProviderKey, json: boolean | undefined, io: CliIo): void {
  io.stdout(json ? `${JSON.stringify(record)}\n` : `${keyRows([record])}\n`);
}

function requireId(positionals: readonly string[]): string {
  const id = positionals[0];
  if (!id || !/^[A-Za-z0-9_-]{1,128}$/.test(id)) {
    throw new UsageError("give the provider key id (pk_…)");
  }
  return id;
}

function help(io: CliIo): ExitCode {
  io.stdout(`${KEYS_HELP}\n`);
  return EXIT.ok;
}

/** Defense in depth: an error about a create never carries its secret, whoever wrote the message. */
export function scrubbed(error: unknown, secret: string): unknown {
  if (error instanceof Error) error.message = redactSecrets(error.message, secretParts(secret));
  return error;
}
