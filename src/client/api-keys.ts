import { routes } from "../internal/routes.js";
import type { ApiKey } from "../providers/record.js";
import { listPages } from "./list.js";
import type { PagePromise } from "./page.js";
import { toApiKey } from "./parse-response.js";
import type { Transport } from "./transport.js";
import type { ListQuery, RequestOptions } from "./types.js";

/**
 * The organization's gateway API keys (`key_…`): the ids a provider key's `api_key_ids` may
 * name. Read-only here; Edgee's console manages them.
 */
export class ApiKeys {
  readonly #transport: Transport;
  readonly #organizationId: string;

  constructor(transport: Transport, organizationId: string) {
    this.#transport = transport;
    this.#organizationId = organizationId;
  }

  /**
   * One page when awaited, every key when iterated. Only public fields are kept.
   *
   * @example
   * for await (const apiKey of client.apiKeys.list()) console.log(apiKey.id, apiKey.name);
   */
  list(query?: ListQuery, options?: RequestOptions): PagePromise<ApiKey> {
    const route = routes.listApiKeys(this.#organizationId);
    return listPages(this.#transport, route, query, options, toApiKey);
  }
}
