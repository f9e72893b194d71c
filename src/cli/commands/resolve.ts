import { routes } from "../../internal/routes.js";
import type { ProviderKey } from "../../providers/record.js";
import type { Resolution } from "../../resolver/types.js";
import { describeScope } from "../format.js";
import { type CliIo, EXIT, type ExitCode } from "../io.js";
import { parseOptions } from "../parse-options.js";
import { callApi, REMOTE_OPTIONS, remoteConfig } from "../remote.js";
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
  const config = remoteConfig(values, io);
  const answer = (await callApi(config, routes.resolveProviderKey(config.organizationId), {
    body: {
      provider: values.provider,
      ...(values["api-key-id"] === undefined ? {} : { api_key_id: values["api-key-id"] }),
      ...(values.region === undefined ? {} : { region: values.region }),
    },
  })) as Resolution<ProviderKey>;
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
