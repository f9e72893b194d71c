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
        `scope: ${describeScope(answer.key)}`,
      );
      if (answer.region)
        lines.push(`region: ${answer.region.requested} → ${answer.region.matched}`);
    }
    lines.push("", answer.explanation);
    io.stdout(`${lines.join("\n")}\n`);
  }
  return answer.status === "resolved" ? EXIT.ok : EXIT.failure;
}
