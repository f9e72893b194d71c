import type { ProviderKey } from "../providers/record.js";
import { type ApiKeyEntry, OrganizationApiKeys } from "./organization-api-keys.js";
import { OrganizationKeys } from "./organization-keys.js";
import type {
  StoredApiKey,
  StoredOrganization,
  StoredProviderKey,
  StoreEntryKind,
} from "./store.js";
import { apiKeyVersion, providerKeyVersion } from "./write-condition.js";

/** Everything a store holds, as `load()` returns it: what a resync compares against. */
export interface StoreSnapshot {
  readonly keys: readonly StoredProviderKey[];
  readonly apiKeys: readonly StoredApiKey[];
  readonly organizations: readonly StoredOrganization[];
}

/**
 * What a backend holds in memory, indexed: each organization's provider keys (with their
 * resolver) and API keys, and the organizations. Entries change only by version: an entry
 * replaces the one held when it is newer, so the backend's own writes coming back through the
 * feed, and changes delivered twice or out of order, are no-ops.
 */
export class BackendIndex {
  readonly keys = new Map<string, OrganizationKeys>();
  readonly apiKeys = new Map<string, OrganizationApiKeys>();
  readonly organizations = new Map<string, StoredOrganization>();
  readonly #onCreatedAt: (createdAt: string) => void;

  /** `onCreatedAt` sees every `created_at` taken in, so new records stamp after them. */
  constructor(onCreatedAt: (createdAt: string) => void) {
    this.#onCreatedAt = onCreatedAt;
  }

  keysOf(organizationId: string): OrganizationKeys {
    let keys = this.keys.get(organizationId);
    if (!keys) {
      keys = new OrganizationKeys();
      this.keys.set(organizationId, keys);
    }
    return keys;
  }

  apiKeysOf(organizationId: string): OrganizationApiKeys {
    let keys = this.apiKeys.get(organizationId);
    if (!keys) {
      keys = new OrganizationApiKeys();
      this.apiKeys.set(organizationId, keys);
    }
    return keys;
  }

  /** The version held of an entry; `null` when none is (an unsaved seeded API key: none). */
  versionOf(kind: StoreEntryKind, organizationId: string, id: string): number | null {
    switch (kind) {
      case "provider_key": {
        const entry = this.keys.get(organizationId)?.get(id);
        return entry ? (entry.record.version ?? 0) : null;
      }
      case "api_key": {
        const entry = this.apiKeys.get(organizationId)?.get(id);
        return entry?.persisted ? entry.version : null;
      }
      case "organization":
        return this.organizations.get(id)?.version ?? null;
    }
  }

  /** Takes in what the store holds for one entry (`undefined`: it holds none). */
  apply(
    kind: StoreEntryKind,
    organizationId: string,
    id: string,
    stored: StoredProviderKey | StoredApiKey | StoredOrganization | undefined,
  ): void {
    switch (kind) {
      case "provider_key":
        this.#applyProviderKey(organizationId, id, stored as StoredProviderKey | undefined);
        return;
      case "api_key":
        this.#applyApiKey(organizationId, id, stored as StoredApiKey | undefined);
        return;
      case "organization":
        this.#applyOrganization(id, stored as StoredOrganization | undefined);
        return;
    }
  }

  /**
   * Makes the index hold what the store holds: newer entries in, entries the store no longer
   * has out (an API key seeded by this process and never saved stays: the store never had it).
   */
  reconcile(snapshot: StoreSnapshot): void {
    const seen = new Set<string>();
    for (const stored of snapshot.keys) {
      seen.add(`${stored.organization_id}\n${stored.record.id}`);
      this.#applyProviderKey(stored.organization_id, stored.record.id, stored);
    }
    for (const [organizationId, keys] of this.keys) {
      for (const record of [...keys.records]) {
        if (!seen.has(`${organizationId}\n${record.id}`)) keys.delete(record.id);
      }
    }
    seen.clear();
    for (const stored of snapshot.apiKeys) {
      seen.add(`${stored.organization_id}\n${stored.record.id}`);
      this.#applyApiKey(stored.organization_id, stored.record.id, stored);
    }
    for (const [organizationId, keys] of this.apiKeys) {
      for (const entry of keys.entries) {
        if (entry.persisted && !seen.has(`${organizationId}\n${entry.record.id}`)) {
          keys.delete(entry.record.id);
        }
      }
    }
    const organizationIds = new Set(snapshot.organizations.map((o) => o.record.id));
    for (const stored of snapshot.organizations) this.#applyOrganization(stored.record.id, stored);
    for (const id of [...this.organizations.keys()]) {
      if (!organizationIds.has(id)) this.organizations.delete(id);
    }
  }

  #applyProviderKey(
    organizationId: string,
    id: string,
    stored: StoredProviderKey | undefined,
  ): void {
    const held = this.keys.get(organizationId)?.get(id);
    if (!stored) {
      if (held) this.keys.get(organizationId)!.delete(id);
      return;
    }
    if (held && (held.record.version ?? 0) >= providerKeyVersion(stored)) return;
    this.keysOf(organizationId).set({
      record: freezeRecord(stored.record),
      credentials: stored.credentials,
    });
    this.#onCreatedAt(stored.record.created_at);
  }

  #applyApiKey(organizationId: string, id: string, stored: StoredApiKey | undefined): void {
    const held = this.apiKeys.get(organizationId)?.get(id);
    if (!stored) {
      // A seeded key this process never saved is not the store's to remove.
      if (held?.persisted) this.apiKeys.get(organizationId)!.delete(id);
      return;
    }
    const version = apiKeyVersion(stored);
    if (held?.persisted && held.version >= version) return;
    const entry: ApiKeyEntry = { record: stored.record, key: stored.key, persisted: true, version };
    this.apiKeysOf(organizationId).set(entry);
    this.#onCreatedAt(stored.record.created_at);
  }

  #applyOrganization(id: string, stored: StoredOrganization | undefined): void {
    if (!stored) {
      this.organizations.delete(id);
      return;
    }
    const held = this.organizations.get(id);
    if (held && held.version >= stored.version) return;
    this.organizations.set(id, stored);
  }
}

/** A record's frozen public form (the index hands records out; nobody may change them). */
export function freezeRecord(record: ProviderKey): ProviderKey {
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
