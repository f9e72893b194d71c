import { routes } from "../internal/routes.js";
import type { ApiKey, ListPage, RevealedApiKey } from "../providers/record.js";
import type {
  CreateApiKeyInput,
  GetOrCreateApiKeyInput,
  UpdateApiKeyInput,
} from "../schemas/api-key-input.js";
import { loadApiKeyParsers } from "./load-api-key-parsers.js";
import { PagePromise } from "./page.js";
import { toListPage } from "./parse-response.js";
import { checkId, toListQuery } from "./request-checks.js";
import type { Call, Transport } from "./transport.js";
import type { ListQuery, RequestOptions } from "./types.js";

/**
 * The organization's gateway API keys (`key_…`): the keys that authenticate gateway requests,
 * and the ids a provider key's `api_key_ids` names. Every method checks its input before
 * sending anything (`ValidationError`). The secret `key` comes back only from `create()`,
 * `getOrCreate()` (when it created the key) and `reveal()`, as a non-enumerable property.
 */
export class ApiKeys {
  readonly #transport: Transport;
  readonly #organizationId: string;

  constructor(transport: Transport, organizationId: string) {
    this.#transport = transport;
    this.#organizationId = organizationId;
  }

  /**
   * Creates a gateway API key; the answer carries the secret `key`, shown this once. Not
   * retried after a network error or a 5xx (Edgee documents no idempotency key for it, and
   * a second attempt could mint a second key): only after 408 and 429.
   *
   * @example
   * const apiKey = await client.apiKeys.create({ name: "Production", type: "api", expires_in_days: 90 });
   * console.log(apiKey.id, apiKey.key); // key_…, ek_live_… (store it now)
   */
  create(input: CreateApiKeyInput, options?: RequestOptions): Promise<ApiKey & { key?: string }> {
    return this.#send(async () => {
      const [{ checkCreateApiKey }, { toApiKey }] = await Promise.all([
        loadChecks(),
        loadApiKeyParsers(),
      ]);
      return {
        ...routes.createApiKey(this.#organizationId),
        body: checkCreateApiKey(input),
        retry: "unprocessed" as const,
        options,
        parse: (body: unknown) => toApiKey(body, "body", true),
      };
    });
  }

  /**
   * One page when awaited, every key when iterated. Reads Edgee's raw array, a `{ data }`
   * wrapper and byokit's paging envelope alike (an array is one page).
   *
   * @example
   * for await (const apiKey of client.apiKeys.list()) console.log(apiKey.id, apiKey.name, apiKey.byok_only);
   */
  list(query?: ListQuery, options?: RequestOptions): PagePromise<ApiKey> {
    const { method, path } = routes.listApiKeys(this.#organizationId);
    let base: Record<string, string | number>;
    try {
      base = toListQuery(query);
    } catch (error) {
      return new PagePromise<ApiKey>(() => Promise.reject(error));
    }
    const { start_key: firstKey, ...filters } = base;
    const fetchPage = async (startKey: string | undefined): Promise<ListPage<ApiKey>> => {
      const { toApiKey } = await loadApiKeyParsers();
      return this.#transport.send({
        method,
        path,
        query: startKey === undefined ? filters : { ...filters, start_key: startKey },
        options,
        parse: (body) => toListPage(body, toApiKey, path, startKey),
      });
    };
    return new PagePromise(fetchPage, firstKey as string | undefined);
  }

  /**
   * Reads one API key (masked: no `key`). An unknown id rejects with `NotFoundError`.
   *
   * @example
   * const apiKey = await client.apiKeys.get("key_abc123");
   */
  get(id: string, options?: RequestOptions): Promise<ApiKey> {
    return this.#send(async () => {
      const route = routes.getApiKey(this.#organizationId, checkId(id));
      const { toApiKey } = await loadApiKeyParsers();
      return { ...route, options, parse: (body: unknown) => toApiKey(body) };
    });
  }

  /**
   * Edits an API key by `POST /api_keys/{id}`, Edgee's documented update; an omitted field
   * keeps its value. Deactivating a key (`active: false`) never widens a provider key's scope.
   *
   * @example
   * await client.apiKeys.update("key_abc123", { active: false });
   */
  update(id: string, patch: UpdateApiKeyInput, options?: RequestOptions): Promise<ApiKey> {
    return this.#send(async () => {
      const checkedId = checkId(id);
      const [{ checkUpdateApiKey }, { toApiKey }] = await Promise.all([
        loadChecks(),
        loadApiKeyParsers(),
      ]);
      return {
        ...routes.updateApiKey(this.#organizationId, checkedId),
        body: checkUpdateApiKey(patch),
        options,
        parse: (body: unknown) => toApiKey(body),
      };
    });
  }

  /**
   * Deletes an API key. Provider keys assigned to it keep its id, so they never start serving
   * the whole organization: an assignment naming only gone keys serves nobody.
   *
   * @example
   * await client.apiKeys.delete("key_abc123");
   */
  delete(id: string, options?: RequestOptions): Promise<void> {
    return this.#send(() => ({
      ...routes.deleteApiKey(this.#organizationId, checkId(id)),
      notFoundAfterRetryIsSuccess: true,
      options,
      parse: () => undefined,
    }));
  }

  /**
   * The key with its secret (`GET /api_keys/{id}/reveal`). `key` is not enumerable: read it,
   * never log the record expecting to see it.
   *
   * @example
   * const { key } = await client.apiKeys.reveal("key_abc123");
   */
  reveal(id: string, options?: RequestOptions): Promise<RevealedApiKey> {
    return this.#send(async () => {
      const route = routes.revealApiKey(this.#organizationId, checkId(id));
      const { toRevealedApiKey } = await loadApiKeyParsers();
      return { ...route, options, parse: toRevealedApiKey };
    });
  }

  /**
   * The coding-agent key of an assistant, created when there is none (`created: true`, and
   * then `key` is there). Retried only after 408 and 429, so a created key is never lost to a
   * retry that finds it.
   *
   * @example
   * const apiKey = await client.apiKeys.getOrCreate({ coding_assistant: "claude_code" });
   * if (apiKey.created) console.log("new key", apiKey.key);
   */
  getOrCreate(
    input: GetOrCreateApiKeyInput,
    options?: RequestOptions,
  ): Promise<ApiKey & { key?: string }> {
    return this.#send(async () => {
      const [{ checkGetOrCreateApiKey }, { toApiKey }] = await Promise.all([
        loadChecks(),
        loadApiKeyParsers(),
      ]);
      return {
        ...routes.getOrCreateApiKey(this.#organizationId),
        body: checkGetOrCreateApiKey(input),
        retry: "unprocessed" as const,
        options,
        parse: (body: unknown) => toApiKey(body, "body", true),
      };
    });
  }

  /** Builds the call inside the promise, so a `ValidationError` rejects like any failure. */
  async #send<T>(build: () => Call<T> | Promise<Call<T>>): Promise<T> {
    return this.#transport.send(await build());
  }
}

/**
 * The API key input checks, loaded on the first write as the provider keys' are: a dashboard
 * that only reads never downloads them. The promise is kept: `import()` of a module already
 * loaded still walks the loader on every call.
 */
let checks: Promise<typeof import("../schemas/api-key-input.js")> | undefined;
const loadChecks = () => {
  checks ??= import("../schemas/api-key-input.js");
  return checks;
};
