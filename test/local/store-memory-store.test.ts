import { describe, expect, it } from "vitest";
import { memoryStore } from "../../src/local/memory-store.js";
import { OrganizationKeys } from "../../src/local/organization-keys.js";
import { storedOpenAiEntry } from "./helpers.js";

const SECRET = "sk-test-FAKEmemory0000000000000000000";

describe("memoryStore", () => {
  it("serializes as its kind and size, never its secrets", async () => {
    const store = memoryStore();
    expect(JSON.parse(JSON.stringify(store))).toEqual({ kind: "memory", size: 0 });
    await store.put(storedOpenAiEntry("pk_1", SECRET));
    await store.put(storedOpenAiEntry("pk_2", SECRET));
    const json = JSON.stringify(store);
    expect(JSON.parse(json)).toEqual({ kind: "memory", size: 2 });
    expect(json).not.toContain(SECRET);
  });

  it("hands out copies from get: changing one leaves the stored key as it was", async () => {
    const store = memoryStore();
    await store.put(storedOpenAiEntry("pk_1", SECRET));
    const copy = (await store.get!("org_1", "pk_1")) as { record: { name: string } };
    copy.record.name = "Changed by the caller";
    expect((await store.get!("org_1", "pk_1"))?.record.name).toBe("pk_1");
    expect(await store.get!("org_1", "pk_absent")).toBeUndefined();
  });
});

describe("OrganizationKeys", () => {
  it("treats removing a key it does not hold as a no-op", () => {
    const keys = new OrganizationKeys([storedOpenAiEntry("pk_1", SECRET)]);
    keys.delete("pk_absent");
    expect(keys.records.map((record) => record.id)).toEqual(["pk_1"]);
  });
});
