import { ValidationError, type ValidationIssue } from "../errors/validation-error.js";
import { echoId } from "../internal/safe-echo.js";
import type { Organization, ProviderKey } from "../providers/record.js";
import { providers } from "../providers/registry.js";
import { apiKeyIdSchema, nameSchema } from "../schemas/fields.js";
import { normalizeNetwork } from "../validators/network-options.js";
import type { NetworkOptions, Validators } from "../validators/types.js";
import { BackendIndex, freezeRecord } from "./backend-index.js";
import { type Idempotency, IdempotencyCache, StoredIdempotency } from "./http/idempotency.js";
import { HttpError } from "./http/responses.js";
import { memoryStore } from "./memory-store.js";
import {
  mintApiKeySecret,
  newApiKeyRecord,
  type OrganizationApiKeys,
} from "./organization-api-keys.js";
import type { OrganizationKeys } from "./organization-keys.js";
import { StaleWriteError } from "./stale-write-error.js";
import type {
  Store,
  StoreChange,
  StoreCollection,
  StoredApiKey,
  StoredOrganization,
  StoreEntryKind,
  StoreFeedEvent,
} from "./store.js";
import type {
  LocalApiKey,
  LocalBackendHealth,
  LocalBackendOptions,
  LocalOrganization,
} from "./types.js";
import { createWriteQueue } from "./write-queue.js";

/** How many times a write is applied again on a fresher entry before the request gives up. */
const MAX_WRITE_ATTEMPTS = 5;

/** The first wait before resyncing after a change that could not be applied; it doubles. */
const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 30_000;

/**
 * The state behind one local backend: the store, the in-memory index of what it holds (kept
 * current by the store's feed), the write queue, idempotency and the configured API keys and
 * organizations. Options are checked once, here.
 *
 * Several backends on one store behave as one service: every write names the version it
 * replaces, a stale one is applied again on the fresh entry (or is a 412 under `If-Match`),
 * and other writers' changes arrive through `store.subscribe`.
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
  /** Where organizations are kept: the store's collection, or memory for a store without one. */
  readonly organizationStore: StoreCollection<StoredOrganization>;
  readonly idempotency: Idempotency;
  /** Serializes this backend's writes, so a version check and its write are one step. */
  readonly write = createWriteQueue();
  readonly #apiKeySeeds: readonly LocalApiKey[];
  readonly #seededAt: string;
  /** The organizations given in the options (seeded into the store), by id. */
  readonly #organizationConfigs: ReadonlyMap<string, LocalOrganization>;
  readonly #seededOrganizations = new Set<string>();
  #index: Promise<BackendIndex> | undefined;
  #loaded: BackendIndex | undefined;
  #lastCreatedAt = 0;
  #unsubscribe: (() => void) | undefined;
  #closed = false;
  /** Feed events are applied one at a time, in the order they came. */
  #feedTail: Promise<void> = Promise.resolve();
  #lastChangeAppliedAt: string | null = null;
  /** A change from the feed could not be applied and no resync has succeeded since. */
  #behind = false;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #retryDelayMs = FIRST_RETRY_MS;
  #lagMs: number | null = null;

  constructor(options: LocalBackendOptions) {
    checkOptions(options);
    this.store = options.store ?? memoryStore();
    this.token = options.token;
    this.organizationId = options.organizationId;
    this.fetch = options.fetch;
    this.validators = options.validators;
    this.network = options.network === undefined ? undefined : normalizeNetwork(options.network);
    const fallback = memoryStore();
    this.apiKeyStore = this.store.apiKeys ?? fallback.apiKeys!;
    this.organizationStore = this.store.organizations ?? fallback.organizations!;
    this.idempotency = this.store.idempotency
      ? new StoredIdempotency(this.store.idempotency)
      : new IdempotencyCache();
    this.#apiKeySeeds = options.apiKeys ?? [];
    this.#seededAt = new Date().toISOString();
    this.#organizationConfigs = new Map(
      (options.organizations ?? [])
        .filter((o) => options.organizationId === undefined || o.id === options.organizationId)
        .map((o) => [o.id, o]),
    );
  }

  /**
   * Whether a request may name this organization (404 otherwise): the backend's
   * `organizationId` alone; else, when organizations were configured, those the store holds;
   * else any.
   */
  async serves(organizationId: string): Promise<boolean> {
    if (this.organizationId !== undefined) return organizationId === this.organizationId;
    if (this.#organizationConfigs.size === 0) return true;
    const index = await this.#ready();
    return index.organizations.has(organizationId) || this.#organizationConfigs.has(organizationId);
  }

  /** An organization as `GET /v1/organizations/{id}` answers it (`byok_only` is an extension). */
  organizationRecord(organizationId: string): Organization {
    const stored = this.#loaded?.organizations.get(organizationId)?.record;
    const record =
      stored ??
      organizationFromConfig(
        this.#organizationConfigs.get(organizationId) ?? { id: organizationId },
      );
    return {
      id: record.id,
      slug: record.slug,
      name: record.name,
      ...(record.gateway_api_url === undefined ? {} : { gateway_api_url: record.gateway_api_url }),
      byok_only: record.byok_only,
    };
  }

  /**
   * The organizations served: the backend's `organizationId`; else the configured ones and
   * any other the store holds; else every one that is stored or holds keys.
   */
  async organizationRecords(): Promise<Organization[]> {
    const index = await this.#ready();
    if (this.organizationId !== undefined) return [this.organizationRecord(this.organizationId)];
    if (this.#organizationConfigs.size > 0) {
      const others = [...index.organizations.keys()]
        .filter((id) => !this.#organizationConfigs.has(id))
        .sort();
      return [...this.#organizationConfigs.keys(), ...others].map((id) =>
        this.organizationRecord(id),
      );
    }
    const ids = new Set(index.organizations.keys());
    for (const [id, keys] of index.keys) if (keys.records.length > 0) ids.add(id);
    for (const [id, keys] of index.apiKeys) if (keys.entries.some((e) => e.persisted)) ids.add(id);
    return [...ids].sort().map((id) => this.organizationRecord(id));
  }

  /** Whether every API key of the organization is BYOK-only (as stored, else as configured). */
  organizationByokOnly(organizationId: string): boolean {
    const stored = this.#loaded?.organizations.get(organizationId);
    if (stored) return stored.record.byok_only;
    return this.#organizationConfigs.get(organizationId)?.byok_only === true;
  }

  /**
   * One organization's API keys: those in the store, and the seeds (`apiKeys` option) it
   * lacks, with a secret minted now and kept in memory until the seed is written.
   */
  async apiKeysOf(organizationId: string): Promise<OrganizationApiKeys> {
    const keys = (await this.#ready()).apiKeysOf(organizationId);
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
          version: 0,
        });
      }
    }
    return keys;
  }

  /**
   * `local.resolve()`'s fast path: an organization's API keys without an `await`, once
   * `apiKeysOf()` has loaded and seeded them; `undefined` until then.
   */
  loadedApiKeysOf(organizationId: string): OrganizationApiKeys | undefined {
    if (!this.#seededOrganizations.has(organizationId)) return undefined;
    return this.#loaded?.apiKeys.get(organizationId);
  }

  /**
   * `local.resolve()`'s fast path: each organization's keys once the store is loaded. The
   * index updates these objects in place (feed, resync), so holding them is never stale.
   */
  loadedOrganizations(): ReadonlyMap<string, OrganizationKeys> | undefined {
    return this.#loaded?.keys;
  }

  /** The keys of one organization, loading the store on first use. */
  async organization(organizationId: string): Promise<OrganizationKeys> {
    return (await this.#ready()).keysOf(organizationId);
  }

  /** Every organization that holds keys. */
  async organizations(): Promise<Map<string, OrganizationKeys>> {
    return (await this.#ready()).keys;
  }

  /**
   * Runs one write of a request (in the write queue) and, when the store refuses it as stale
   * (another writer got there first), takes the store's entry in and runs it again: the
   * attempt re-reads the entry, so a request without `If-Match` applies on the latest version
   * (never a lost update), one with `If-Match` meets the newer version and answers 412, and a
   * delete of an entry already deleted answers 404.
   */
  async writeFresh<T>(organizationId: string, attempt: () => Promise<T>): Promise<T> {
    for (let attempts = 1; ; attempts++) {
      try {
        return await this.write(attempt);
      } catch (error) {
        if (!(error instanceof StaleWriteError)) throw error;
        await this.#refresh(error.kind, organizationId, error.id);
        if (attempts >= MAX_WRITE_ATTEMPTS) {
          throw new HttpError(
            409,
            "conflict_error",
            "the record kept changing while this request was applied; read it again and retry",
          );
        }
      }
    }
  }

  /** What `local.health()` answers. */
  health(): LocalBackendHealth {
    const store = this.store.health?.();
    return {
      store: store?.kind ?? "custom",
      connected: !this.#closed && !this.#behind && (store?.connected ?? true),
      last_change_applied_at: this.#lastChangeAppliedAt,
      lag_ms: this.#lagMs,
    };
  }

  /** Stops following the store's feed (the store itself is the caller's to close). */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
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
    return freezeRecord(record);
  }

  /** The preview a record shows for `credentials`. */
  static previewOf(record: Pick<ProviderKey, "provider">, credentials: unknown) {
    return (providers[record.provider].preview as (c: unknown) => ProviderKey["preview"])(
      credentials,
    );
  }

  /** The index, loading the store (and following its feed) on first use. */
  #ready(): Promise<BackendIndex> {
    this.#index ??= this.#load().then(
      (index) => {
        this.#loaded = index;
        return index;
      },
      (error: unknown) => {
        // Let the next request try again (a file store whose master key was fixed, say).
        this.#index = undefined;
        throw error;
      },
    );
    return this.#index;
  }

  async #load(): Promise<BackendIndex> {
    // Follow the feed before loading, so no change committed during the load is missed.
    if (!this.#closed && this.store.subscribe) {
      this.#unsubscribe ??= this.store.subscribe((event) => this.#onFeed(event));
    }
    const index = new BackendIndex((createdAt) => {
      this.#lastCreatedAt = Math.max(this.#lastCreatedAt, Date.parse(createdAt));
    });
    index.reconcile(await this.#snapshot());
    await this.#seedOrganizations(index);
    return index;
  }

  async #snapshot() {
    const [keys, apiKeys, organizations] = await Promise.all([
      this.store.load(),
      this.apiKeyStore.load(),
      this.organizationStore.load(),
    ]);
    return { keys, apiKeys, organizations };
  }

  /**
   * Writes each configured organization the store lacks, or holds with other settings (the
   * configuration is what this instance was started with). Another instance seeding it first
   * is not an error: its record is taken in.
   */
  async #seedOrganizations(index: BackendIndex): Promise<void> {
    for (const config of this.#organizationConfigs.values()) {
      const wanted = organizationFromConfig(config);
      const held = index.organizations.get(config.id);
      if (held && sameOrganization(held.record, wanted)) continue;
      const entry: StoredOrganization = {
        organization_id: config.id,
        record: wanted,
        version: (held?.version ?? 0) + 1,
      };
      try {
        await this.organizationStore.put(entry, { expectedVersion: held?.version ?? null });
        index.apply("organization", config.id, config.id, entry);
      } catch (error) {
        if (!(error instanceof StaleWriteError)) throw error;
        index.apply(
          "organization",
          config.id,
          config.id,
          await this.#fetch("organization", config.id, config.id),
        );
      }
    }
  }

  #onFeed(event: StoreFeedEvent): void {
    this.#feedTail = this.#feedTail
      .then(() => this.#applyFeedEvent(event))
      .then(
        () => this.#caughtUp(event),
        () => this.#fellBehind(),
      );
  }

  /** A resync that succeeded brings back everything a failed change missed. */
  #caughtUp(event: StoreFeedEvent): void {
    if (event.type !== "resync") return;
    this.#behind = false;
    this.#retryDelayMs = FIRST_RETRY_MS;
  }

  /**
   * A change that could not be applied (the store did not answer, a row did not decrypt) is
   * not lost: the backend reports itself not connected and resyncs, with backoff, until a
   * resync succeeds.
   */
  #fellBehind(): void {
    this.#behind = true;
    if (this.#closed || this.#retryTimer !== undefined) return;
    const delay = this.#retryDelayMs;
    this.#retryDelayMs = Math.min(delay * 2, MAX_RETRY_MS);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      if (!this.#closed) this.#onFeed({ type: "resync" });
    }, delay);
    // A pending retry never keeps a process alive on its own.
    (this.#retryTimer as { unref?: () => void }).unref?.();
  }

  async #applyFeedEvent(event: StoreFeedEvent): Promise<void> {
    // Not loaded yet: the load reads everything, this change included.
    if (this.#index === undefined) return;
    const index = await this.#index.catch(() => undefined);
    if (!index) return;
    if (event.type === "resync") {
      await this.#resync();
      this.#noteApplied(undefined);
      return;
    }
    const { change } = event;
    const held = index.versionOf(change.kind, change.organization_id, change.id);
    const known =
      change.operation === "put" ? held !== null && held >= change.version : held === null;
    // Our own writes come back this way: nothing to do.
    if (!known) {
      const stored = await this.#fetch(change.kind, change.organization_id, change.id);
      index.apply(change.kind, change.organization_id, change.id, stored);
    }
    this.#noteApplied(change);
  }

  #noteApplied(change: StoreChange | undefined): void {
    const now = Date.now();
    this.#lastChangeAppliedAt = new Date(now).toISOString();
    if (change) this.#lagMs = Math.max(0, now - Date.parse(change.committed_at));
  }

  /** Reads everything again and makes the index match it (the feed may have lost changes). */
  async #resync(): Promise<void> {
    await this.write(async () => {
      const index = await this.#ready();
      index.reconcile(await this.#snapshot());
    });
  }

  /** Takes one entry in from the store: what a write found stale is now the latest. */
  async #refresh(kind: StoreEntryKind, organizationId: string, id: string): Promise<void> {
    const index = await this.#ready();
    // An organization is filed under its own id.
    const filedUnder = kind === "organization" ? id : organizationId;
    index.apply(kind, filedUnder, id, await this.#fetch(kind, filedUnder, id));
  }

  /** One entry as the store holds it now (`undefined`: it holds none). */
  async #fetch(kind: StoreEntryKind, organizationId: string, id: string) {
    const collection = this.#collection(kind);
    if (collection.get) return collection.get(organizationId, id);
    // A store without `get`: find it in a full load.
    const all = await collection.load();
    return all.find((entry) => entry.organization_id === organizationId && entry.record.id === id);
  }

  #collection(kind: StoreEntryKind) {
    switch (kind) {
      case "provider_key":
        return this.store as Pick<Store, "get" | "load">;
      case "api_key":
        return this.apiKeyStore;
      case "organization":
        return this.organizationStore;
    }
  }
}

/** An organization's stored record, from its configuration (slug and name default to the id). */
function organizationFromConfig(config: LocalOrganization): StoredOrganization["record"] {
  return {
    id: config.id,
    slug: config.slug ?? config.id,
    name: config.name ?? config.id,
    ...(config.gateway_api_url === undefined ? {} : { gateway_api_url: config.gateway_api_url }),
    byok_only: config.byok_only === true,
  };
}

function sameOrganization(
  a: StoredOrganization["record"],
  b: StoredOrganization["record"],
): boolean {
  return (
    a.id === b.id &&
    a.slug === b.slug &&
    a.name === b.name &&
    a.gateway_api_url === b.gateway_api_url &&
    a.byok_only === b.byok_only
  );
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
