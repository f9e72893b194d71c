import type { ConsoleClient } from "../../client/create-client.js";
import type { ProviderId } from "../../providers/ids.js";
import { describeScope } from "../format.js";
import { type CliIo, EXIT, type ExitCode } from "../io.js";
import { parseOptions } from "../parse-options.js";
import { REMOTE_OPTIONS, remoteClient } from "../remote.js";
import { UsageError } from "../usage-error.js";

export const RESOLVE_HELP = `byokit resolve --provider P [--api-key-id K] [--region R] [--json]
  Which provider key serves a request, and why. Exit code 0 when a key serves, 1 when none
  does (unassigned, or region_unavailable). Remote options as for byokit keys.`;

export async function resolve(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values } = parseOptions(
    args,
    {
      ...REMOTE_OPTIONS,
      provider: { type: "string" },
      "api-key-id": { type: "string" },
      region: { type: "string" },
    },
    { max: 0, names: "" },
  );
  if (values.help) {
    io.stdout(`${RESOLVE_HELP}\n`);
    return EXIT.ok;
  }
  if (!values.provider) throw new UsageError("--provider is required");
  const client = remoteClient(values, io);
  // The client checks the provider, the API key id and the region before sending anything.
  const answer = await client.providerKeys.resolve({
    provider: values.provider as ProviderId,
    api_key_id: values["api-key-id"],
    region: values.region,
  });
  if (values.json) {
    io.stdout(`${JSON.stringify(answer)}\n`);
  } else {
    const lines = [`status: ${answer.status}`];
    if (answer.status === "resolved") {
      lines.push(
        `key: ${answer.key.id} (${answer.key.name})`,
        `scope: ${await scopeName(client, answer.scope, answer.key.api_key_ids, values["api-key-id"])}`,
      );
      if (answer.region)
        lines.push(`region: ${answer.region.requested} → ${answer.region.matched}`);
    }
    lines.push("", answer.explanation);
    io.stdout(`${lines.join("\n")}\n`);
  }
  return answer.status === "resolved" ? EXIT.ok : EXIT.failure;
}

/**
 * The scope as a person reads it: `Organization (all keys)`, or the API key's name from
 * `client.apiKeys.list()` (`Staging (key_staging)`). When the names cannot be read, the id.
 */
async function scopeName(
  client: ConsoleClient,
  scope: string,
  apiKeyIds: readonly string[] | undefined,
  asked: string | undefined,
): Promise<string> {
  if (scope !== "api_key") return describeScope({ api_key_ids: [] });
  const id = asked ?? apiKeyIds?.[0] ?? "";
  try {
    for await (const key of client.apiKeys.list()) {
      if (key.id === id) return key.name && key.name !== id ? `${key.name} (${id})` : id;
    }
  } catch {
    // The names are a nicety: the id still says which scope served.
  }
  return id;
}
