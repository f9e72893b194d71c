import { ApiKeys } from "./api-keys.js";
import { resolveClientOptions } from "./options.js";
import { Organizations } from "./organizations.js";
import { ProviderKeys } from "./provider-keys.js";
import { Transport } from "./transport.js";
import type { ClientOptions } from "./types.js";

/**
 * The Console API client: `providerKeys`, `apiKeys` and `organizations`. Its token is held where neither
 * `JSON.stringify` nor `util.inspect` can reach it; both show only `baseUrl` and
 * `organizationId`.
 */
export class ConsoleClient {
  readonly baseUrl: string;
  readonly organizationId: string;
  readonly providerKeys: ProviderKeys;
  readonly apiKeys: ApiKeys;
  readonly organizations: Organizations;

  /** Use {@link createClient}, which checks and defaults the options first. */
  constructor(options: ClientOptions = {}) {
    const resolved = resolveClientOptions(options);
    const transport = new Transport(resolved);
    this.baseUrl = resolved.baseUrl;
    this.organizationId = resolved.organizationId;
    this.providerKeys = new ProviderKeys(transport, resolved.organizationId);
    this.apiKeys = new ApiKeys(transport, resolved.organizationId);
    this.organizations = new Organizations(transport);
  }

  toJSON(): { baseUrl: string; organizationId: string } {
    return { baseUrl: this.baseUrl, organizationId: this.organizationId };
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `ConsoleClient ${JSON.stringify(this.toJSON())}`;
  }
}

/**
 * Creates a Console API client. In Node, `token` and `organizationId` default to
 * `EDGEE_CONSOLE_API_TOKEN` and `EDGEE_ORGANIZATION_ID`; a missing or malformed option throws
 * a `ValidationError` here, before any request.
 *
 * @example
 * const client = createClient({ organizationId: "org_123", token: process.env.EDGEE_TOKEN });
 * const key = await client.providerKeys.create({ provider: "openai", name: "Prod", provider_key: "sk-…" });
 * for await (const k of client.providerKeys.list()) console.log(k.name, k.preview);
 */
export function createClient(options?: ClientOptions): ConsoleClient {
  return new ConsoleClient(options);
}
