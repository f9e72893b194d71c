import { routes } from "../internal/routes.js";
import type { ListPage, Organization } from "../providers/record.js";
import { loadApiKeyParsers } from "./load-api-key-parsers.js";
import { PagePromise } from "./page.js";
import { toListPage } from "./parse-response.js";
import { checkId } from "./request-checks.js";
import type { Transport } from "./transport.js";
import type { RequestOptions } from "./types.js";

/**
 * The organizations the token can see (`GET /v1/organizations`, observed in Edgee's own
 * client). Independent of the client's `organizationId`.
 */
export class Organizations {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /**
   * Every organization: one page when awaited (`page.data`), each organization when iterated.
   * Reads Edgee's `{ data: [...] }`, a raw array or byokit's envelope.
   *
   * @example
   * for await (const org of client.organizations.list()) console.log(org.id, org.slug, org.name);
   */
  list(options?: RequestOptions): PagePromise<Organization> {
    const { method, path } = routes.listOrganizations();
    const fetchPage = async (startKey: string | undefined): Promise<ListPage<Organization>> => {
      const { toOrganization } = await loadApiKeyParsers();
      return this.#transport.send({
        method,
        path,
        ...(startKey === undefined ? {} : { query: { start_key: startKey } }),
        options,
        parse: (body) => toListPage(body, toOrganization, path, startKey),
      });
    };
    return new PagePromise(fetchPage);
  }

  /**
   * One organization; an unknown id rejects with `NotFoundError`.
   *
   * @example
   * const org = await client.organizations.get("org_123"); // org.gateway_api_url, when set
   */
  async get(id: string, options?: RequestOptions): Promise<Organization> {
    const route = routes.getOrganization(checkId(id));
    const { toOrganization } = await loadApiKeyParsers();
    return this.#transport.send({ ...route, options, parse: (body) => toOrganization(body) });
  }
}
