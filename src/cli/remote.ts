import { type ConsoleClient, createClient } from "../client/create-client.js";
import { ValidationError } from "../errors/validation-error.js";
import { API_BASE_URL } from "../internal/routes.js";
import type { CliIo } from "./io.js";
import { UsageError } from "./usage-error.js";

/** Where the `keys`, `resolve` and (remote) `test` commands send their requests. */
interface RemoteConfig {
  readonly baseUrl: string;
  readonly token: string;
  readonly organizationId: string;
}

export const REMOTE_OPTIONS = {
  url: { type: "string" },
  token: { type: "string" },
  org: { type: "string" },
} as const;

type RemoteValues = {
  url?: string | undefined;
  token?: string | undefined;
  org?: string | undefined;
};

/**
 * The SDK's own client, aimed by the command line: retries, typed errors and input checks
 * are the client's. Throws a `UsageError` before any request when the configuration is
 * missing or malformed.
 */
export function remoteClient(values: RemoteValues, io: CliIo): ConsoleClient {
  try {
    return createClient({ ...remoteConfig(values, io), fetch: io.fetch });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    // The client names its options; the user typed flags or set variables.
    const named = error.issues.map(
      ({ path, message }) => `${OPTION_NAMES[path] ?? path} ${message}`,
    );
    throw new UsageError(named.join("; "));
  }
}

const OPTION_NAMES: Readonly<Record<string, string>> = {
  baseUrl: "--url (or BYOKIT_URL)",
  token: "--token (or EDGEE_CONSOLE_API_TOKEN)",
  organizationId: "--org (or EDGEE_ORGANIZATION_ID)",
};

/**
 * `--url`/`BYOKIT_URL` (default Edgee's API), `--token`/`EDGEE_CONSOLE_API_TOKEN`,
 * `--org`/`EDGEE_ORGANIZATION_ID`; a missing one is a usage error naming both spellings.
 */
function remoteConfig(values: RemoteValues, io: CliIo): RemoteConfig {
  const baseUrl = (values.url ?? io.env.BYOKIT_URL ?? API_BASE_URL).replace(/\/+$/, "");
  const token = values.token ?? io.env.EDGEE_CONSOLE_API_TOKEN;
  const organizationId = values.org ?? io.env.EDGEE_ORGANIZATION_ID;
  const missing = [
    ...(token ? [] : ["--token (or EDGEE_CONSOLE_API_TOKEN)"]),
    ...(organizationId ? [] : ["--org (or EDGEE_ORGANIZATION_ID)"]),
  ];
  if (missing.length > 0) throw new UsageError(`missing ${missing.join(" and ")}`);
  if (!/^https?:\/\/[^\s/]+/.test(baseUrl)) {
    throw new UsageError("--url (or BYOKIT_URL) must be an http:// or https:// URL");
  }
  return { baseUrl, token: token!, organizationId: organizationId! };
}
