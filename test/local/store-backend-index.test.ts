import { describe, expect, it } from "vitest";
import { BackendIndex, freezeRecord } from "../../src/local/backend-index.js";
import type { StoredProviderKey } from "../../src/local/store.js";
import type { AwsIamPreview } from "../../src/providers/preview.js";
import type { ProviderKey } from "../../src/providers/record.js";
import { storedApiKey, storedOpenAiEntry, storedOrganization } from "./helpers.js";

const SECRET = "sk-test-FAKEindex00000000000000000000";

/** An OpenAI key of `org_1` at `version` (absent: a record written before versions). */
function providerKey(id: string, version: number | undefined, name = id): StoredProviderKey {
  const entry = storedOpenAiEntry(id, SECRET);
  const { version: _version, ...record } = entry.record;
  return { ...entry, record: { ...record, name, ...(version === undefined ? {} : { version }) } };
}

/** An index and every `created_at` it reported taking in. */
function newIndex() {
  const createdAt: string[] = [];
  return { index: new BackendIndex((at) => createdAt.push(at)), createdAt };
}

/** An API key seeded by this process and never saved (as the `apiKeys` option makes one). */
function seedApiKey(index: BackendIndex, id: string) {
  const { record, key } = storedApiKey(id);
  index.apiKeysOf("org_1").set({ record, key, persisted: false, version: 0 });
}

const emptySnapshot = { keys: [], apiKeys: [], organizations: [] };

describe("BackendIndex.versionOf", () => {
  it("answers the version held of each kind of entry, and null when none is held", () => {
    const { index } = newIndex();
    expect(index.versionOf("provider_key", "org_1", "pk_1")).toBeNull();
    expect(index.versionOf("api_key", "org_1", "key_1")).toBeNull();
    expect(index.versionOf("organization", "org_1", "org_1")).toBeNull();

    index.apply("provider_key", "org_1", "pk_1", providerKey("pk_1", 3));
    index.apply("provider_key", "org_1", "pk_old", providerKey("pk_old", undefined));
    index.apply("api_key", "org_1", "key_1", storedApiKey("key_1", 4));
    index.apply("organization", "org_1", "org_1", storedOrganization("org_1", 5));

    expect(index.versionOf("provider_key", "org_1", "pk_1")).toBe(3);
    expect(index.versionOf("provider_key", "org_1", "pk_old")).toBe(0);
    expect(index.versionOf("provider_key", "org_1", "pk_other")).toBeNull();
    expect(index.versionOf("provider_key", "org_2", "pk_1")).toBeNull();
    expect(index.versionOf("api_key", "org_1", "key_1")).toBe(4);
    expect(index.versionOf("api_key", "org_1", "key_other")).toBeNull();
    expect(index.versionOf("api_key", "org_2", "key_1")).toBeNull();
    expect(index.versionOf("organization", "org_1", "org_1")).toBe(5);
    expect(index.versionOf("organization", "org_2", "org_2")).toBeNull();
  });

  it("answers null for a seeded API key this process never saved", () => {
    const { index } = newIndex();
    seedApiKey(index, "key_seed");
    expect(index.versionOf("api_key", "org_1", "key_seed")).toBeNull();
  });
});

describe("BackendIndex.apply: provider keys", () => {
  it("takes a newer version in and ignores the same or an older one delivered late", () => {
    const { index, createdAt } = newIndex();
    index.apply("provider_key", "org_1", "pk_1", providerKey("pk_1", 2, "Second"));
    index.apply("provider_key", "org_1", "pk_1", providerKey("pk_1", 1, "First"));
    index.apply("provider_key", "org_1", "pk_1", providerKey("pk_1", 2, "Second again"));
    expect(index.keys.get("org_1")?.get("pk_1")?.record).toMatchObject({
      name: "Second",
      version: 2,
    });
    expect(createdAt).toHaveLength(1);
    index.apply("provider_key", "org_1", "pk_1", providerKey("pk_1", 3, "Third"));
    expect(index.keys.get("org_1")?.get("pk_1")?.record).toMatchObject({ name: "Third" });
  });

  it("replaces a record written before versions only with a versioned one", () => {
    const { index } = newIndex();
    index.apply("provider_key", "org_1", "pk_1", providerKey("pk_1", undefined, "Unversioned"));
    index.apply("provider_key", "org_1", "pk_1", providerKey("pk_1", 0, "Also version 0"));
    expect(index.keys.get("org_1")?.get("pk_1")?.record.name).toBe("Unversioned");
    index.apply("provider_key", "org_1", "pk_1", providerKey("pk_1", 1, "Version 1"));
    expect(index.keys.get("org_1")?.get("pk_1")?.record.name).toBe("Version 1");
  });

  it("removes a key the store no longer holds; removing one never held is a no-op", () => {
    const { index } = newIndex();
    index.apply("provider_key", "org_1", "pk_1", providerKey("pk_1", 1));
    index.apply("provider_key", "org_1", "pk_1", undefined);
    expect(index.keys.get("org_1")?.records).toEqual([]);
    expect(() => index.apply("provider_key", "org_2", "pk_1", undefined)).not.toThrow();
    expect(index.keys.has("org_2")).toBe(false);
  });

  it("holds the record frozen, with its preview (Bedrock regions too) and api_key_ids", () => {
    const { index } = newIndex();
    const entry = providerKey("pk_1", 1);
    const { api_key_ids: _ids, ...withoutIds } = entry.record;
    const record: ProviderKey = {
      ...withoutIds,
      provider: "bedrock",
      preview: {
        type: "aws_iam",
        regions: [{ region: "us-east-1", access_key_id: "AKIA...WXYZ", session_token: false }],
      },
    };
    index.apply("provider_key", "org_1", "pk_1", { ...entry, record });
    const held = index.keys.get("org_1")?.get("pk_1")?.record;
    expect(held).toEqual({ ...record, api_key_ids: [] });
    expect(Object.isFrozen(held)).toBe(true);
    expect(Object.isFrozen(held?.api_key_ids)).toBe(true);
    const preview = held?.preview as AwsIamPreview;
    expect(Object.isFrozen(preview)).toBe(true);
    expect(Object.isFrozen(preview.regions)).toBe(true);
    expect(Object.isFrozen(preview.regions[0])).toBe(true);
  });
});

describe("freezeRecord", () => {
  it("copies the preview and leaves the caller's record unfrozen", () => {
    const { record } = providerKey("pk_1", 1);
    const { api_key_ids: _ids, ...withoutIds } = record;
    const withPreview: ProviderKey = { ...record, preview: { type: "api_key", key: "sk-...WXYZ" } };
    const frozen = freezeRecord(withPreview);
    expect(frozen).toEqual(withPreview);
    expect(Object.isFrozen(frozen.preview)).toBe(true);
    expect(Object.isFrozen(withPreview.preview)).toBe(false);
    expect(freezeRecord(withoutIds).api_key_ids).toEqual([]);
  });
});

describe("BackendIndex.apply: API keys", () => {
  it("takes a newer version in and ignores the same or an older one delivered late", () => {
    const { index } = newIndex();
    const named = (version: number, name: string) => {
      const stored = storedApiKey("key_1", version);
      return { ...stored, record: { ...stored.record, name } };
    };
    index.apply("api_key", "org_1", "key_1", named(2, "Second"));
    index.apply("api_key", "org_1", "key_1", named(1, "First"));
    index.apply("api_key", "org_1", "key_1", named(2, "Second again"));
    expect(index.apiKeys.get("org_1")?.get("key_1")).toMatchObject({
      record: { name: "Second" },
      persisted: true,
      version: 2,
    });
    index.apply("api_key", "org_1", "key_1", named(3, "Third"));
    expect(index.apiKeys.get("org_1")?.get("key_1")?.record.name).toBe("Third");
  });

  it("removes a saved key the store no longer holds, but never a seeded key it never saved", () => {
    const { index } = newIndex();
    index.apply("api_key", "org_1", "key_saved", storedApiKey("key_saved", 1));
    seedApiKey(index, "key_seed");
    index.apply("api_key", "org_1", "key_saved", undefined);
    index.apply("api_key", "org_1", "key_seed", undefined);
    expect(index.apiKeys.get("org_1")?.entries.map((e) => e.record.id)).toEqual(["key_seed"]);
    expect(() => index.apply("api_key", "org_1", "key_never", undefined)).not.toThrow();
    expect(() => index.apply("api_key", "org_2", "key_never", undefined)).not.toThrow();
    expect(index.apiKeys.has("org_2")).toBe(false);
  });
});

describe("BackendIndex.apply: organizations", () => {
  it("takes a newer version in, ignores the same or an older one, and removes a deleted one", () => {
    const { index } = newIndex();
    index.apply("organization", "org_1", "org_1", storedOrganization("org_1", 2, true));
    index.apply("organization", "org_1", "org_1", storedOrganization("org_1", 1, false));
    index.apply("organization", "org_1", "org_1", {
      ...storedOrganization("org_1", 2, false),
    });
    expect(index.organizations.get("org_1")).toEqual(storedOrganization("org_1", 2, true));
    index.apply("organization", "org_1", "org_1", storedOrganization("org_1", 3, false));
    expect(index.organizations.get("org_1")?.record.byok_only).toBe(false);
    index.apply("organization", "org_1", "org_1", undefined);
    expect(index.organizations.has("org_1")).toBe(false);
    index.apply("organization", "org_2", "org_2", undefined);
    expect([...index.organizations.keys()]).toEqual([]);
  });
});

describe("BackendIndex.reconcile", () => {
  it("moves a key that comes back with another created_at, and removes the key it should", () => {
    const { index } = newIndex();
    const createdAt = (id: string, at: string, version: number): StoredProviderKey => {
      const stored = providerKey(id, version);
      return {
        ...stored,
        record: { ...stored.record, created_at: `2026-01-01T00:00:0${at}.000Z` },
      };
    };
    for (const [id, at] of [
      ["pk_kept", "1"],
      ["pk_updated", "2"],
      ["pk_removed", "3"],
    ] as const) {
      index.apply("provider_key", "org_1", id, createdAt(id, at, 1));
    }
    // pk_updated was deleted and created again elsewhere in the fleet: it now sorts last.
    index.reconcile({
      ...emptySnapshot,
      keys: [createdAt("pk_kept", "1", 1), createdAt("pk_updated", "4", 2)],
    });
    const keys = index.keys.get("org_1");
    expect(keys?.records.map((record) => record.id)).toEqual(["pk_kept", "pk_updated"]);
    expect(keys?.get("pk_kept")).toBeDefined();
    expect(keys?.get("pk_removed")).toBeUndefined();
  });

  it("drops the organizations the store no longer holds and keeps the others", () => {
    const { index } = newIndex();
    index.apply("organization", "org_1", "org_1", storedOrganization("org_1", 1));
    index.apply("organization", "org_2", "org_2", storedOrganization("org_2", 1));
    index.reconcile({ ...emptySnapshot, organizations: [storedOrganization("org_2", 2)] });
    expect([...index.organizations.entries()]).toEqual([["org_2", storedOrganization("org_2", 2)]]);
    index.reconcile(emptySnapshot);
    expect(index.organizations.size).toBe(0);
  });
});
