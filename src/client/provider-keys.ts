import { ValidationError, type ValidationIssue } from "../errors/validation-error.js";
import { routes } from "../internal/routes.js";
import { isProviderId, PROVIDER_IDS, type ProviderId } from "../providers/ids.js";
import type { ProviderKey } from "../providers/record.js";
import { isBedrockRegionKey } from "../providers/region-code.js";
import type { Resolution, ResolveQuery } from "../resolver/types.js";
import { isApiKeyId } from "../schemas/api-key-id.js";
import type {
  CreateProviderKeyInput,
  UpdateProviderKeyInput,
} from "../schemas/provider-key-input.js";
import type { TestResult } from "../validators/types.js";
import { newIdempotencyKey } from "./idempotency-key.js";
import { listPages } from "./list.js";
import type { PagePromise } from "./page.js";
import { toProviderKey, toResolution, toTestResult } from "./parse-response.js";
import { checkId, checkIdempotencyKey, toIfMatch } from "./request-checks.js";
import type { Call, Transport } from "./transport.js";
import type {
  CreateRequestOptions,
  DeleteRequestOptions,
  ProviderKeyListQuery,
  RequestOptions,
  TestProviderKeyInput,
  UpdateRequestOptions,
} from "./types.js";

const toRecord = (body: unknown) => toProviderKey(body);

/**
 * The organization's provider keys: every method checks its input before sending anything,
 * and every record it returns carries `preview`, never the secret.
 */
export class ProviderKeys {
  readonly #transport: Transport;
  readonly #organizationId: string;

  constructor(transport: Transport, organizationId: string) {
    this.#transport = transport;
    this.#organizationId = organizationId;
  }

  /**
   * Creates a provider key. The `Idempotency-Key` (yours, or a generated one) is the same on
   * every attempt, so a create retried after a lost answer returns the first record.
   *
   * @example
   * const key = await client.providerKeys.create({
   *   provider: "bedrock",
   *   name: "AWS prod",
   *   provider_key: { "eu-west-1": { access_key_id: "AKIA…", secret_access_key: "…" } },
   * });
   */
  create<P extends ProviderId>(
    input: CreateProviderKeyInput<P>,
    options?: CreateRequestOptions,
  ): Promise<ProviderKey> {
    return this.#send(async () => {
      const { body, secrets } = (await loadChecks()).checkCreate(input);
      const idempotencyKey =
        options?.idempotencyKey === undefined
          ? newIdempotencyKey()
          : checkIdempotencyKey(options.idempotencyKey);
      return {
        ...routes.createProviderKey(this.#organizationId),
        headers: { "idempotency-key": idempotencyKey },
        body,
        secrets,
        options,
        parse: toRecord,
      };
    });
  }

  /**
   * Reads one provider key.
   *
   * @example
   * const key = await client.providerKeys.get("pk_123"); // key.preview, key.version
   */
  get(id: string, options?: RequestOptions): Promise<ProviderKey> {
    return this.#send(() => ({
      ...routes.getProviderKey(this.#organizationId, checkId(id)),
      options,
      parse: toRecord,
    }));
  }

  /**
   * Edits a provider key; an omitted field (and an omitted `provider_key`) keeps its stored
   * value. With `ifMatch`, a stale version is refused with `PreconditionFailedError`; such an
   * update is retried only on 408 and 429, since after a lost answer a retry would meet the
   * version it just wrote. Without `ifMatch` it is retried like any call.
   *
   * @example
   * const key = await client.providerKeys.get("pk_123");
   * await client.providerKeys.update(key.id, { name: "OpenAI prod" }, { ifMatch: key.version });
   */
  update(
    id: string,
    patch: UpdateProviderKeyInput,
    options?: UpdateRequestOptions,
  ): Promise<ProviderKey> {
    return this.#send(async () => {
      const checkedId = checkId(id);
      const headers =
        options?.ifMatch === undefined ? undefined : { "if-match": toIfMatch(options.ifMatch) };
      const { body, secrets } = (await loadChecks()).checkUpdate(patch);
      return {
        ...routes.updateProviderKey(this.#organizationId, checkedId),
        ...(headers ? { headers, retry: "unprocessed" as const } : {}),
        body,
        secrets,
        options,
        parse: toRecord,
      };
    });
  }

  /**
   * Deletes a provider key. Resolves with nothing; an unknown id rejects with
   * `NotFoundError`, except when an earlier attempt of this same call may have deleted it.
   * With `ifMatch`, a stale version is refused with `PreconditionFailedError`. Unlike an
   * `ifMatch` update, it is retried like any call: a retry after a lost answer finds the key
   * gone (404, counted as deleted), never a version it wrote itself.
   *
   * @example
   * const key = await client.providerKeys.get("pk_123");
   * await client.providerKeys.delete(key.id, { ifMatch: key.version });
   */
  delete(id: string, options?: DeleteRequestOptions): Promise<void> {
    return this.#send(() => {
      const checkedId = checkId(id);
      const headers =
        options?.ifMatch === undefined ? undefined : { "if-match": toIfMatch(options.ifMatch) };
      return {
        ...routes.deleteProviderKey(this.#organizationId, checkedId),
        ...(headers ? { headers } : {}),
        notFoundAfterRetryIsSuccess: true,
        options,
        parse: () => undefined,
      };
    });
  }

  /**
   * Lists provider keys: one page when awaited, every key when iterated with `for await`.
   *
   * @example
   * for await (const key of client.providerKeys.list({ provider: "openai", limit: 100 })) {
   *   console.log(key.name, key.preview);
   * }
   */
  list(query?: ProviderKeyListQuery, options?: RequestOptions): PagePromise<ProviderKey> {
    const route = routes.listProviderKeys(this.#organizationId);
    return listPages(this.#transport, route, query, options, toProviderKey);
  }

  /**
   * Tests credentials against the provider before saving them; nothing is stored.
   *
   * @example
   * const result = await client.providerKeys.test({ provider: "openai", provider_key: "sk-…" });
   * if (!result.ok) console.log(result.status, result.message);
   */
  test(input: TestProviderKeyInput, options?: RequestOptions): Promise<TestResult> {
    return this.#send(async () => {
      const { body, secrets } = (await loadChecks()).checkTest(input);
      return {
        ...routes.testProviderKey(this.#organizationId),
        body,
        secrets,
        options,
        parse: (body: unknown) => toTestResult(body, secrets),
      };
    });
  }

  /**
   * Tests a stored key's credentials (every region of a Bedrock key).
   *
   * @example
   * const { ok, regions } = await client.providerKeys.testStored("pk_123");
   */
  testStored(id: string, options?: RequestOptions): Promise<TestResult> {
    return this.#send(() => ({
      ...routes.testStoredProviderKey(this.#organizationId, checkId(id)),
      options,
      parse: (body: unknown) => toTestResult(body, []),
    }));
  }

  /**
   * Which key serves a request, as the server resolves it, with its explanation.
   *
   * @example
   * const answer = await client.providerKeys.resolve({ provider: "bedrock", api_key_id: "key_staging", region: "eu-west-1" });
   * console.log(answer.explanation);
   */
  resolve(query: ResolveQuery, options?: RequestOptions): Promise<Resolution<ProviderKey>> {
    return this.#send(() => ({
      ...routes.resolveProviderKey(this.#organizationId),
      body: checkResolveQuery(query),
      options,
      parse: toResolution,
    }));
  }

  /** Builds the call inside the promise, so a `ValidationError` rejects like any failure. */
  async #send<T>(build: () => Call<T> | Promise<Call<T>>): Promise<T> {
    return this.#transport.send(await build());
  }
}

/**
 * The zod-backed input checks, loaded on the first write (see check-input.ts). The promise is
 * kept: `import()` of a module already loaded still walks the loader on every call.
 */
let checks: Promise<typeof import("./check-input.js")> | undefined;
const loadChecks = () => {
  checks ??= import("./check-input.js");
  return checks;
};

function checkResolveQuery(query: ResolveQuery): Record<string, string | boolean> {
  if (typeof query !== "object" || query === null) {
    throw new ValidationError([
      { path: "", message: "must be an object { provider, api_key_id?, region?, byok_only? }" },
    ]);
  }
  const issues: ValidationIssue[] = [];
  const body: Record<string, string | boolean> = {};
  if (isProviderId(query.provider)) body.provider = query.provider;
  else issues.push({ path: "provider", message: `must be one of ${PROVIDER_IDS.join(", ")}` });
  if (query.api_key_id !== undefined) {
    if (isApiKeyId(query.api_key_id)) body.api_key_id = query.api_key_id;
    else issues.push({ path: "api_key_id", message: "must be an API key id such as key_…" });
  }
  // The region matters to Bedrock only; for the others it is ignored (DESIGN.md), so a gateway
  // may pass its region on every request, and it is not sent.
  if (query.region !== undefined && query.provider === "bedrock") {
    if (isBedrockRegionKey(query.region)) body.region = query.region;
    else issues.push({ path: "region", message: 'must be an AWS region code or "global"' });
  }
  if (query.byok_only !== undefined) {
    if (typeof query.byok_only === "boolean") body.byok_only = query.byok_only;
    else issues.push({ path: "byok_only", message: "must be true or false" });
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return body;
}
