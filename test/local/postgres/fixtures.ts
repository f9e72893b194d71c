import { randomBytes } from "node:crypto";
import { onTestFinished } from "vitest";
import { postgresStore } from "../../../src/local/postgres/postgres-store.js";
import type { StoredApiKey, StoredOrganization } from "../../../src/local/store.js";
import { fakeApiKey } from "../helpers.js";

export { fakeApiKey, fakeRegion, storedOpenAiEntry } from "../helpers.js";

/** A fresh master key, base64, as `byokit keygen` prints one. */
export const newMasterKey = () => randomBytes(32).toString("base64");

let schemas = 0;
/** A schema of its own for one test, so the tests of a file never see each other's rows. */
export const freshSchema = () => `t${process.pid}_${++schemas}`;

/** A store of the database at `url` on a schema of its own, loaded, and closed after the test. */
export async function openStore(url: string, masterKey = newMasterKey()) {
  const schema = freshSchema();
  const store = postgresStore({ connectionString: url, masterKey, schema });
  onTestFinished(() => store.close());
  await store.load();
  return { store, schema, masterKey };
}

export function storedApiKey(id: string, organizationId = "org_1", version = 1): StoredApiKey {
  return {
    organization_id: organizationId,
    key: fakeApiKey("ek-test-FAKE"),
    version,
    record: {
      object: "ai_gateway_api_key",
      id,
      organization_id: organizationId,
      name: `key ${id}`,
      type: "api",
      coding_assistant: null,
      models: [],
      max_usage: null,
      active: true,
      debug_mode: false,
      created_at: "2026-01-01T00:00:00.000Z",
      expires_at: "0001-01-01T00:00:00Z",
      last_used_at: null,
      byok_only: false,
    },
  };
}

export function storedOrganization(id: string, version = 1): StoredOrganization {
  return {
    organization_id: id,
    version,
    record: { id, slug: id.replace(/_/g, "-"), name: `Org ${id}`, byok_only: false },
  };
}
