/**
 * Three `byokit/local` backends in three processes on one PostgreSQL database (issue 12's quick
 * fleet suite; `npm run bench:fleet` is the long one): writes converge through the change feed,
 * version checks and idempotency hold across instances, a killed instance loses nothing it
 * acknowledged, a dropped LISTEN connection is caught up, and a wrong master key touches nothing.
 */
import { createHash, randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createClient } from "../../../src/index.js";
import { FEED_APPLICATION_NAME } from "../../../src/local/postgres/change-feed.js";
import { postgresStore } from "../../../src/local/postgres/postgres-store.js";
import { storedOpenAiEntry } from "../helpers.js";
import { freshDatabase } from "./database.js";
import {
  bundleInstance,
  eventually,
  type Instance,
  InstanceStartError,
  startInstance,
} from "./fleet.js";

const ORG = "org_fleet";
const TOKEN = "fleet-test-admin-token";
const MASTER_KEY = randomBytes(32).toString("base64");
const secret = (label: string) => `sk-test-fleet-${label}-${randomBytes(12).toString("hex")}`;
const digest = (credentials: unknown) =>
  createHash("sha256").update(JSON.stringify(credentials)).digest("hex");

let database: Awaited<ReturnType<typeof freshDatabase>>;
let bundle: string;
let fleet: Instance[] = [];
const started: Instance[] = [];

async function start(name: string, masterKey = MASTER_KEY): Promise<Instance> {
  const instance = await startInstance(bundle, name, {
    databaseUrl: database.url,
    masterKey,
    token: TOKEN,
  });
  started.push(instance);
  return instance;
}

const clientOf = (instance: Instance) =>
  createClient({ baseUrl: instance.url, token: TOKEN, organizationId: ORG, maxRetries: 0 });

/** A raw request to an instance, for the statuses and headers the client turns into errors. */
function call(instance: Instance, method: string, path: string, init: RequestInit = {}) {
  return fetch(`${instance.url}/v1/organizations/${ORG}${path}`, {
    ...init,
    method,
    headers: {
      Authorization: `Bearer ${TOKEN}`,
      "Content-Type": "application/json",
      ...(init.headers as Record<string, string>),
    },
  });
}

/** Until `instance` resolves OpenAI for the organization with this key at this version. */
function converged(instance: Instance, keyId: string | undefined, version?: number) {
  return eventually(`${instance.name} answers ${keyId ?? "unassigned"}`, async () => {
    const answer = await instance.resolve({ provider: "openai", organization_id: ORG });
    if (keyId === undefined) return answer.status === "unassigned" ? answer : undefined;
    return answer.key_id === keyId && (version === undefined || answer.version === version)
      ? answer
      : undefined;
  });
}

beforeAll(async () => {
  database = await freshDatabase();
  bundle = await bundleInstance();
  // Started together: they migrate the empty database at once, under the advisory lock.
  fleet = await Promise.all(["A", "B", "C"].map((name) => start(name)));
}, 60_000);

afterAll(async () => {
  await Promise.all(started.map((instance) => instance.stop()));
  if (bundle) await rm(bundle, { force: true });
});

describe("a fleet of three backends on one PostgreSQL database", () => {
  it("answers a write acknowledged by one instance from every other instance's resolve()", async () => {
    const [a, b, c] = fleet as [Instance, Instance, Instance];
    const first = secret("first");
    const created = await clientOf(a).providerKeys.create({
      provider: "openai",
      name: "Fleet OpenAI",
      provider_key: first,
    });
    for (const instance of [b, c]) {
      const answer = await converged(instance, created.id, 1);
      expect(answer.credentials_sha256).toBe(digest(first));
    }

    const second = secret("second");
    await clientOf(b).providerKeys.update(created.id, { provider_key: second });
    for (const instance of [a, c]) {
      const answer = await converged(instance, created.id, 2);
      expect(answer.credentials_sha256).toBe(digest(second));
    }

    await clientOf(c).providerKeys.delete(created.id);
    for (const instance of [a, b]) await converged(instance, undefined);
  });

  it("lets exactly one of two concurrent If-Match updates on two instances win, every round", async () => {
    const [a, b, c] = fleet as [Instance, Instance, Instance];
    const created = await clientOf(a).providerKeys.create({
      provider: "mistral",
      name: "Contended",
      provider_key: secret("contended"),
    });
    for (let version = 1; version <= 12; version++) {
      // Both have seen this version: each would accept it on its own.
      for (const instance of [a, b]) {
        await eventually(`${instance.name} at version ${version}`, async () => {
          const response = await call(instance, "GET", `/provider-keys/${created.id}`);
          const body = (await response.json()) as { version: number };
          return body.version === version ? body : undefined;
        });
      }
      const update = (instance: Instance, name: string) =>
        call(instance, "POST", `/provider-keys/${created.id}`, {
          headers: { "If-Match": `"${version}"` },
          body: JSON.stringify({ name }),
        });
      const [fromA, fromB] = await Promise.all([
        update(a, `A${version}`),
        update(b, `B${version}`),
      ]);
      expect([fromA.status, fromB.status].sort()).toEqual([200, 412]);
    }
    // Twelve rounds, twelve winners: version 13, past the one-digit versions.
    const final = await eventually("C at version 13", async () => {
      const response = await call(c, "GET", `/provider-keys/${created.id}`);
      const body = (await response.json()) as { version: number; name: string };
      return body.version === 13 ? body : undefined;
    });
    expect(final.name).toMatch(/^[AB]12$/);
  });

  it("creates one key for one Idempotency-Key, retried on another instance or sent to two at once", async () => {
    const [a, b, c] = fleet as [Instance, Instance, Instance];
    const body = JSON.stringify({
      provider: "deepseek",
      name: "Once",
      provider_key: secret("once"),
    });
    const first = await call(a, "POST", "/provider-keys", {
      headers: { "Idempotency-Key": "fleet-retry-1" },
      body,
    });
    expect(first.status).toBe(201);
    const retried = await call(b, "POST", "/provider-keys", {
      headers: { "Idempotency-Key": "fleet-retry-1" },
      body,
    });
    expect(retried.status).toBe(201);
    expect(retried.headers.get("Idempotent-Replayed")).toBe("true");
    const { id } = (await first.json()) as { id: string };
    expect(((await retried.json()) as { id: string }).id).toBe(id);

    const together = JSON.stringify({
      provider: "deepseek",
      name: "Twice",
      provider_key: secret("twice"),
    });
    const answers = await Promise.all(
      [a, b, c].map((instance) =>
        call(instance, "POST", "/provider-keys", {
          headers: { "Idempotency-Key": "fleet-together-1" },
          body: together,
        }),
      ),
    );
    const ids = await Promise.all(
      answers.map(async (r) => ((await r.json()) as { id: string }).id),
    );
    expect(answers.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(new Set(ids).size).toBe(1);

    const names = await eventually("C lists both", async () => {
      const list = (await clientOf(c).providerKeys.list()).data.map((k) => k.name);
      return list.includes("Once") && list.includes("Twice") ? list : undefined;
    });
    expect(names.filter((name) => name === "Once")).toHaveLength(1);
    expect(names.filter((name) => name === "Twice")).toHaveLength(1);
  });

  it("loses nothing an instance acknowledged before SIGKILL, and leaves nothing half-written", async () => {
    const victim = await start("D");
    const acknowledged = new Map<string, number>();
    let stop = false;
    const writer = async (lane: number) => {
      for (let i = 0; !stop; i++) {
        try {
          const created = await call(victim, "POST", "/provider-keys", {
            body: JSON.stringify({
              provider: "xai",
              name: `crash ${lane}-${i}`,
              provider_key: secret(`crash-${lane}-${i}`),
            }),
          });
          if (created.status !== 201) continue;
          const { id } = (await created.json()) as { id: string };
          acknowledged.set(id, 1);
          const updated = await call(victim, "POST", `/provider-keys/${id}`, {
            headers: { "If-Match": '"1"' },
            body: JSON.stringify({ name: `crash ${lane}-${i} (renamed)` }),
          });
          if (updated.status === 200) acknowledged.set(id, 2);
        } catch {
          return; // the instance is gone
        }
      }
    };
    const lanes = [0, 1, 2, 3].map(writer);
    await eventually("20 acknowledged writes", async () =>
      acknowledged.size >= 20 ? true : undefined,
    );
    victim.process.kill("SIGKILL");
    stop = true;
    await Promise.all(lanes);
    expect(await victim.exited).toBe("SIGKILL");

    // A new instance loads every row (each decrypts, or it would refuse to start) and holds
    // every acknowledged write at its acknowledged version or later.
    const witness = await start("E");
    const keys = new Map(
      (await clientOf(witness).providerKeys.list()).data.map((k) => [k.id, k.version ?? 0]),
    );
    for (const [id, version] of acknowledged) {
      expect(keys.get(id), id).toBeGreaterThanOrEqual(version);
    }
    await witness.stop();
  });

  it("catches up after its LISTEN connection is killed, including a write its feed never announced", async () => {
    const [a, b, c] = fleet as [Instance, Instance, Instance];
    // A writer of the test's own, connected before the outage: it keeps its connection.
    const writer = postgresStore({ connectionString: database.url, masterKey: MASTER_KEY });
    await writer.load();
    await fromOutside((name) => `ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
    try {
      const killed = await database.admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND application_name = $1`,
        [FEED_APPLICATION_NAME],
      );
      expect(killed.rowCount).toBeGreaterThanOrEqual(3);
      for (const instance of [b, c]) {
        await eventually(`${instance.name} reports its feed down`, async () =>
          (await instance.health()).connected ? undefined : true,
        );
      }
      // Its NOTIFY reaches nobody: no instance is listening, and none can reconnect yet.
      const secretDuringOutage = secret("outage");
      await writer.put(storedOpenAiEntry("pk_during_outage", secretDuringOutage, ORG));
    } finally {
      await fromOutside((name) => `ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
      await writer.close();
    }
    for (const instance of [a, b, c]) {
      await eventually(`${instance.name} resynchronised`, async () => {
        const answer = await instance.resolve({ provider: "openai", organization_id: ORG });
        return answer.key_id === "pk_during_outage" ? answer : undefined;
      });
      const health = await eventually(`${instance.name} reconnected`, async () => {
        const h = await instance.health();
        return h.connected ? h : undefined;
      });
      expect(health.store).toBe("postgres");
    }
    // And the feed works again after the reconnection, not only the resync.
    await clientOf(c).providerKeys.update("pk_during_outage", { name: "After the outage" });
    for (const instance of [a, b]) {
      await eventually(`${instance.name} sees the rename`, async () => {
        const answer = await instance.resolve({ provider: "openai", organization_id: ORG });
        return answer.version === 2 ? answer : undefined;
      });
    }
  });

  it("refuses to start with a wrong master key, and changes nothing in the database", async () => {
    const before = await snapshot();
    const wrongKey = randomBytes(32).toString("base64");
    const failure = await start("W", wrongKey).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(InstanceStartError);
    expect((failure as InstanceStartError).reason).toBe("wrong_master_key");
    const message = (failure as InstanceStartError).message;
    expect(message).not.toContain(wrongKey);
    expect(message).not.toContain(MASTER_KEY);
    expect(await snapshot()).toEqual(before);
  });
});

/** Runs one statement about the test database from the cluster's own `postgres` database. */
async function fromOutside(statement: (database: string) => string): Promise<void> {
  const outside = new pg.Client({ connectionString: inject("postgresUrl") });
  await outside.connect();
  try {
    await outside.query(statement(new URL(database.url).pathname.slice(1)));
  } finally {
    await outside.end();
  }
}

/** Every row of every byokit table, as text: what "nothing changed" is checked against. */
async function snapshot(): Promise<string[]> {
  const tables = await database.admin.query<{ schema: string; name: string }>(
    `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
      WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2`,
  );
  const rows: string[] = [];
  for (const { schema, name } of tables.rows) {
    const result = await database.admin.query(
      `SELECT t::text AS row FROM "${schema}"."${name}" t ORDER BY 1`,
    );
    rows.push(`${schema}.${name}: ${result.rows.map((r) => r.row).join(" | ")}`);
  }
  return rows;
}
