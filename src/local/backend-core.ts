import { ValidationError, type ValidationIssue } from "../errors/validation-error.js";
import { echoId } from "../internal/safe-echo.js";
import type { ApiKey, ProviderKey } from "../providers/record.js";
import { providers } from "../providers/registry.js";
import { apiKeyIdSchema, nameSchema } from "../schemas/fields.js";
import type { Validators } from "../validators/types.js";
import { IdempotencyCache } from "./http/idempotency.js";
import { compareCursors } from "./http/list-query.js";
import { HttpError } from "./http/responses.js";
import { memoryStore } from "./memory-store.js";
import { type KeyEntry, OrganizationKeys } from "./organization-keys.js";
import type { Store } from "./store.js";
import type { LocalApiKey, LocalBackendOptions } from "./types.js";
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
  readonly apiKeys: readonly KnownApiKey[];
  readonly idempotency = new IdempotencyCache();
  /** Serializes writes, so a version check and its write are one step. */
  readonly write = createWriteQueue();
  readonly #knownApiKeyIds: ReadonlySet<string>;
  #organizations: Promise<Map<string, OrganizationKeys>> | undefined;
  #lastCreatedAt = 0;

  constructor(options: LocalBackendOptions) {
    checkOptions(options);
    this.store = options.store ?? memoryStore();
    this.token = options.token;
    this.organizationId = options.organizationId;
    this.fetch = options.fetch;
    this.validators = options.validators;
    const createdAt = new Date().toISOString();
    this.apiKeys = (options.apiKeys ?? [])
      .map((key) => apiKeyRecord(key, createdAt))
      .sort(compareCursors);
    this.#knownApiKeyIds = new Set(this.apiKeys.map((key) => key.id));
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

  /** 400 naming each id of `api_key_ids` that is not a known API key. */
  checkApiKeyIds(ids: readonly string[] | undefined): void {
    if (!ids) return;
    const params = ids.flatMap((id, index) =>
      this.#knownApiKeyIds.has(id)
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
      api_key_ids: Object.freeze([...record.api_key_ids]),
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
    return organizations;
  }
}

/** An API key as `GET /api_keys` lists it; `created_at` is always set, so lists can page. */
export type KnownApiKey = ApiKey & { readonly created_at: string };

function apiKeyRecord(key: LocalApiKey, createdAt: string): KnownApiKey {
  return Object.freeze({
    object: "api_key",
    id: key.id,
    name: key.name,
    active: key.active ?? true,
    created_at: key.created_at === undefined ? createdAt : new Date(key.created_at).toISOString(),
  });
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
  if (issues.length > 0) throw new ValidationError(issues);
}
