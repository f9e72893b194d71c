import { randomUUID } from "node:crypto";
import { routes } from "../../internal/routes.js";
import { redactSecrets } from "../../masking/redact.js";
import type { ListPage, ProviderKey } from "../../providers/record.js";
import { keyRows } from "../format.js";
import { type CliIo, EXIT, type ExitCode } from "../io.js";
import { parseOptions } from "../parse-options.js";
import { readSecret, SECRET_OPTIONS } from "../read-secret.js";
import { callApi, REMOTE_OPTIONS, type RemoteConfig, remoteConfig } from "../remote.js";
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
  const config = remoteConfig(values, io);
  const records: ProviderKey[] = [];
  let startKey: string | undefined;
  // Follow last_key to the end (or to --limit).
  do {
    const page = (await callApi(config, routes.listProviderKeys(config.organizationId), {
      query: {
        limit: String(Math.min(100, max - records.length)),
        start_key: startKey,
        provider: values.provider,
        api_key_id: values["api-key-id"],
      },
    })) as ListPage<ProviderKey>;
    records.push(...page.data);
    startKey = page.has_more && page.last_key ? page.last_key : undefined;
  } while (startKey && records.length < max);
  io.stdout(values.json ? `${JSON.stringify(records)}\n` : `${keyRows(records)}\n`);
  return EXIT.ok;
}

async function get(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseOptions(args, REMOTE_OPTIONS, { max: 1, names: "ID" });
  if (values.help) return help(io);
  const config = remoteConfig(values, io);
  const record = (await callApi(
    config,
    routes.getProviderKey(config.organizationId, requireId(positionals)),
  )) as ProviderKey;
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
  const config = remoteConfig(values, io);
  const secret = await readSecret(values, io);
  try {
    const record = (await callApi(config, routes.createProviderKey(config.organizationId), {
      body: {
        provider: values.provider,
        name: values.name,
        provider_key: secret,
        api_key_ids: values["api-key-id"] ?? [],
      },
      headers: { "Idempotency-Key": randomUUID() },
    })) as ProviderKey;
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
  const config = remoteConfig(values, io);
  const id = requireId(positionals);
  const answer = await callApi(config, routes.deleteProviderKey(config.organizationId, id), {
    ...(values["if-match"] === undefined
      ? {}
      : { headers: { "If-Match": `"${values["if-match"].replace(/"/g, "")}"` } }),
  });
  io.stdout(
    values.json ? `${JSON.stringify(answer ?? { id, deleted: true })}\n` : `deleted ${id}\n`,
  );
  return EXIT.ok;
}

async function testStored(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseOptions(args, REMOTE_OPTIONS, { max: 1, names: "ID" });
  if (values.help) return help(io);
  const config = remoteConfig(values, io);
  const result = await callApi(
    config,
    routes.testStoredProviderKey(config.organizationId, requireId(positionals)),
  );
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
  if (error instanceof Error) error.message = redactSecrets(error.message, [secret]);
  return error;
}

export type { RemoteConfig };
