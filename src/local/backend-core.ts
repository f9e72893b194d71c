import { ValidationError, type ValidationIssue } from "../errors/validation-error.js";
import { echoId } from "../internal/safe-echo.js";
import type { Organization, ProviderKey } from "../providers/record.js";
import { providers } from "../providers/registry.js";
import { apiKeyIdSchema, nameSchema } from "../schemas/fields.js";
import { normalizeNetwork } from "../validators/network-options.js";
import type { NetworkOptions, Validators } from "../validators/types.js";
import { IdempotencyCache } from "./http/idempotency.js";
import { HttpError } from "./http/responses.js";
import { memoryStore } from "./memory-store.js";
import {
  type ApiKeyEntry,
  mintApiKeySecret,
  newApiKeyRecord,
  OrganizationApiKeys,
} from "./organization-api-keys.js";
import { type KeyEntry, OrganizationKeys } from "./organization-keys.js";
import type { Store, StoreCollection, StoredApiKey } from "./store.js";
import type { LocalApiKey, LocalBackendOptions, LocalOrganization } from "./types.js";
import { createWriteQueue } from "./write-queue.js";

/**
 * The state behind one local backend: the store, each organization's keys, the write queue,
 * the idempotency cache and the known API keys. Options are checked once, here.
 */
export class BackendCore {
  readonly store: Store;
  readonly token: string | undefined;
  readonly organizationId: string | undefined;
  readonly fetch: typeof globalThis.fetch | undefined;
  readonly validators: Validators | undefined;
  /** Where credential tests may go (checked here, so a bad value fails at creation). */
  readonly network: NetworkOptions | undefined;
  /** Where API keys are kept: the store's collection, or memory for a store without one. */
  readonly apiKeyStore: StoreCollection<StoredApiKey>;
  readonly #apiKeySeeds: readonly LocalApiKey[];
  readonly #seededAt: string;
  /** The configured organizations, by id; `undefined` when any organization is served. */
  readonly #organizationConfigs: ReadonlyMap<string, LocalOrganization> | undefined;
  #apiKeysByOrganization: Promise<Map<string, OrganizationApiKeys>> | undefined;
  readonly idempotency = new IdempotencyCache();
  /** Serializes writes, so a version check and its write are one step. */
  readonly write = createWriteQueue();
  #organizations: Promise<Map<string, OrganizationKeys>> | undefined;
  /** What `#organizations` resolved to, for the synchronous resolve path. */
  #loadedOrganizations: Map<string, OrganizationKeys> | undefined;
  /** What `#apiKeysByOrganization` resolved to, for the synchronous resolve path. */
  #loadedApiKeys: Map<string, OrganizationApiKeys> | undefined;
  #lastCreatedAt = 0;

  constructor(options: LocalBackendOptions) {
    checkOptions(options);
    this.store = options.store ?? memoryStore();
    this.token = options.token;
    this.organizationId = options.organizationId;
    this.fetch = options.fetch;
    this.validators = options.validators;
    this.network = options.network === undefined ? undefined : normalizeNetwork(options.network);
    this.apiKeyStore = this.store.apiKeys ?? memoryStore().apiKeys!;
    this.#apiKeySeeds = options.apiKeys ?? [];
    this.#seededAt = new Date().toISOString();
    const configs = options.organizations
      ? options.organizations.filter(
          (o) => options.organizationId === undefined || o.id === options.organizationId,
        )
      : options.organizationId !== undefined
        ? [{ id: options.organizationId }]
        : undefined;
    this.#organizationConfigs = configs && new Map(configs.map((o) => [o.id, o]));
  }

  /** Whether a request may name this organization (404 otherwise). */
  serves(organizationId: string): boolean {
    return this.#organizationConfigs === undefined || this.#organizationConfigs.has(organizationId);
  }

  /** An organization as `GET /v1/organizations/{id}` answers it (`byok_only` is an extension). */
  organizationRecord(organizationId: string): Organization {
    const config = this.#organizationConfigs?.get(organizationId);
    return {
      id: organizationId,
      slug: config?.slug ?? organizationId,
      name: config?.name ?? organizationId,
      ...(config?.gateway_api_url === undefined ? {} : { gateway_api_url: config.gateway_api_url }),
      byok_only: config?.byok_only === true,
    };
  }

  /** The organizations served: the configured ones, else every one that holds keys. */
  async organizationRecords(): Promise<Organization[]> {
    if (this.#organizationConfigs) {
      return [...this.#organizationConfigs.keys()].map((id) => this.organizationRecord(id));
    }
    const ids = new Set<string>();
    for (const [id, keys] of await this.organizations()) if (keys.records.length > 0) ids.add(id);
    for (const [id, keys] of await this.#allApiKeys())
      if (keys.entries.some((e) => e.persisted)) ids.add(id);
    return [...ids].sort().map((id) => this.organizationRecord(id));
  }

  /** Whether every API key of the organization is BYOK-only. */
  organizationByokOnly(organizationId: string): boolean {
    return this.#organizationConfigs?.get(organizationId)?.byok_only === true;
  }

  /**
   * One organization's API keys: those in the store, and the seeds (`apiKeys` option) it
   * lacks, with a secret minted now and kept in memory until the seed is written.
   */
  async apiKeysOf(organizationId: string): Promise<OrganizationApiKeys> {
    const all = await this.#allApiKeys();
    let keys = all.get(organizationId);
    if (!keys) {
      keys = new OrganizationApiKeys();
      all.set(organizationId, keys);
    }
    if (!this.#seededOrganizations.has(organizationId)) {
      this.#seededOrganizations.add(organizationId);
      for (const seed of this.#apiKeySeeds) {
        if (keys.has(seed.id)) continue;
        const createdAt =
          seed.created_at === undefined ? this.#seededAt : new Date(seed.created_at).toISOString();
        const record = newApiKeyRecord(
          organizationId,
          { name: seed.name, byok_only: seed.byok_only },
          createdAt,
          seed.id,
        );
        keys.set({
          record: { ...record, active: seed.active ?? true },
          key: mintApiKeySecret(),
          persisted: false,
        });
      }
    }
    return keys;
  }

  readonly #seededOrganizations = new Set<string>();

  /**
   * `local.resolve()`'s fast path: an organization's API keys without an `await`, once
   * `apiKeysOf()` has loaded and seeded them; `undefined` until then.
   */
  loadedApiKeysOf(organizationId: string): OrganizationApiKeys | undefined {
    if (!this.#seededOrganizations.has(organizationId)) return undefined;
    return this.#loadedApiKeys?.get(organizationId);
  }

  /** `local.resolve()`'s fast path: the organizations once `organizations()` has loaded them. */
  loadedOrganizations(): ReadonlyMap<string, OrganizationKeys> | undefined {
    return this.#loadedOrganizations;
  }

  #allApiKeys(): Promise<Map<string, OrganizationApiKeys>> {
    this.#apiKeysByOrganization ??= this.#loadApiKeys().catch((error: unknown) => {
      this.#apiKeysByOrganization = undefined;
      throw error;
    });
    return this.#apiKeysByOrganization;
  }

  async #loadApiKeys(): Promise<Map<string, OrganizationApiKeys>> {
    const byOrganization = new Map<string, ApiKeyEntry[]>();
    for (const stored of await this.apiKeyStore.load()) {
      const list = byOrganization.get(stored.organization_id) ?? [];
      list.push({ record: stored.record, key: stored.key, persisted: true });
      byOrganization.set(stored.organization_id, list);
      this.#lastCreatedAt = Math.max(this.#lastCreatedAt, Date.parse(stored.record.created_at));
    }
    this.#loadedApiKeys = new Map(
      [...byOrganization].map(([id, entries]) => [id, new OrganizationApiKeys(entries)]),
    );
    return this.#loadedApiKeys;
  }

  /** The keys of one organization, loading the store on first use. */
  async organization(organizationId: string): Promise<OrganizationKeys> {
    const organizations = await this.organizations();
    let keys = organizations.get(organizationId);
    if (!keys) {
      keys = new OrganizationKeys();
      organizations.set(organizationId, keys);
    }
    return keys;
  }

  /** Every organization that holds keys. */
  organizations(): Promise<Map<string, OrganizationKeys>> {
    this.#organizations ??= this.#load().catch((error: unknown) => {
      // Let the next request try again (a file store whose master key was fixed, say).
      this.#organizations = undefined;
      throw error;
    });
    return this.#organizations;
  }

  /**
   * A `created_at` for a new key: now, or 1 ms after the previous one when the clock has not
   * moved, so creation order is list order and the resolver's oldest-wins tie-break.
   */
  stampCreation(): string {
    this.#lastCreatedAt = Math.max(Date.now(), this.#lastCreatedAt + 1);
    return new Date(this.#lastCreatedAt).toISOString();
  }

  /**
   * 400 naming each id of `api_key_ids` that is not one of the organization's API keys now
   * (an inactive key is one; a deleted key is not).
   */
  async checkApiKeyIds(organizationId: string, ids: readonly string[] | undefined): Promise<void> {
    if (!ids) return;
    const known = await this.apiKeysOf(organizationId);
    const params = ids.flatMap((id, index) =>
      known.has(id)
        ? []
        : [
            // Never the whole value: a secret pasted into the wrong field would come back.
            { param: `api_key_ids[${index}]`, message: `${echoId(id)} is not a known API key` },
          ],
    );
    if (params.length > 0) {
      throw new HttpError(
        400,
        "invalid_request_error",
        params.map((p) => `${p.param}: ${p.message}`).join("; "),
        params,
      );
    }
  }

  /** A record's frozen public form, with its preview computed from `credentials`. */
  static freeze(record: ProviderKey): ProviderKey {
    const preview = record.preview;
    return Object.freeze({
      ...record,
      api_key_ids: Object.freeze([...(record.api_key_ids ?? [])]),
      ...(preview
        ? {
            preview: Object.freeze(
              "regions" in preview
                ? {
                    ...preview,
                    regions: Object.freeze(preview.regions.map((r) => Object.freeze({ ...r }))),
                  }
                : { ...preview },
            ),
          }
        : {}),
    });
  }

  /** The preview a record shows for `credentials`. */
  static previewOf(record: Pick<ProviderKey, "provider">, credentials: unknown) {
    return (providers[record.provider].preview as (c: unknown) => ProviderKey["preview"])(
      credentials,
    );
  }

  async #load(): Promise<Map<string, OrganizationKeys>> {
    const byOrganization = new Map<string, KeyEntry[]>();
    for (const stored of await this.store.load()) {
      const entry: KeyEntry = {
        record: BackendCore.freeze(stored.record),
        credentials: stored.credentials,
      };
      const list = byOrganization.get(stored.organization_id) ?? [];
      list.push(entry);
      byOrganization.set(stored.organization_id, list);
      this.#lastCreatedAt = Math.max(this.#lastCreatedAt, Date.parse(stored.record.created_at));
    }
    const organizations = new Map<string, OrganizationKeys>();
    for (const [organizationId, entries] of byOrganization) {
      organizations.set(organizationId, new OrganizationKeys(entries));
    }
    this.#loadedOrganizations = organizations;
    return organizations;
  }
}

function checkOptions(options: LocalBackendOptions): void {
  const issues: ValidationIssue[] = [];
  if (options.token !== undefined && (typeof options.token !== "string" || options.token === "")) {
    issues.push({ path: "token", message: "must be a non-empty string" });
  }
  if (
    options.organizationId !== undefined &&
    !/^[A-Za-z0-9_-]{1,128}$/.test(options.organizationId)
  ) {
    issues.push({ path: "organizationId", message: "must be 1 to 128 letters, digits, _ or -" });
  }
  const seen = new Set<string>();
  (options.apiKeys ?? []).forEach((key, index) => {
    if (!apiKeyIdSchema.safeParse(key?.id).success) {
      issues.push({ path: `apiKeys[${index}].id`, message: "must be an API key id (key_…)" });
    } else if (seen.has(key.id)) {
      issues.push({ path: `apiKeys[${index}].id`, message: "is listed twice" });
    } else {
      seen.add(key.id);
    }
    if (!nameSchema.safeParse(key?.name).success) {
      issues.push({ path: `apiKeys[${index}].name`, message: "must be 1 to 100 characters" });
    }
    if (key?.created_at !== undefined && Number.isNaN(Date.parse(key.created_at))) {
      issues.push({ path: `apiKeys[${index}].created_at`, message: "must be an ISO 8601 date" });
    }
  });
  checkOrganizations(options, issues);
  if (issues.length > 0) throw new ValidationError(issues);
}

function checkOrganizations(options: LocalBackendOptions, issues: ValidationIssue[]): void {
  (options.apiKeys ?? []).forEach((key, index) => {
    if (key?.byok_only !== undefined && typeof key.byok_only !== "boolean") {
      issues.push({ path: `apiKeys[${index}].byok_only`, message: "must be true or false" });
    }
  });
  if (options.organizations === undefined) return;
  if (!Array.isArray(options.organizations)) {
    issues.push({ path: "organizations", message: "must be a list of { id, slug?, name? }" });
    return;
  }
  const seen = new Set<string>();
  options.organizations.forEach((org, index) => {
    const at = `organizations[${index}]`;
    if (typeof org?.id !== "string" || !/^[A-Za-z0-9_-]{1,128}$/.test(org.id)) {
      issues.push({ path: `${at}.id`, message: "must be 1 to 128 letters, digits, _ or -" });
    } else if (seen.has(org.id)) {
      issues.push({ path: `${at}.id`, message: "is listed twice" });
    } else seen.add(org.id);
    for (const field of ["slug", "name", "gateway_api_url"] as const) {
      const value = org?.[field];
      if (
        value !== undefined &&
        (typeof value !== "string" || value === "" || value.length > 200)
      ) {
        issues.push({ path: `${at}.${field}`, message: "must be 1 to 200 characters" });
      }
    }
    if (org?.byok_only !== undefined && typeof org.byok_only !== "boolean") {
      issues.push({ path: `${at}.byok_only`, message: "must be true or false" });
    }
  });
  if (options.organizationId !== undefined && !seen.has(options.organizationId) && seen.size > 0) {
    issues.push({
      path: "organizations",
      message: "must include organizationId when both are given",
    });
  }
}
