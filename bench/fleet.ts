/**
 * `npm run bench:fleet`: three backends in three processes on one throwaway PostgreSQL cluster
 * (the tests' own, test/setup/postgres.ts), 10,000 provider keys, a bounded mix of writes and
 * resolves on loopback. Prints convergence lag p50/p99 (DESIGN.md: p99 ≤ 50 ms), resolve
 * throughput on the PostgreSQL store against the memory store in the same run (≥ 0.9×), CRUD
 * requests per second against each, and the request-path ratios of `npm run bench`.
 * Figures only: nothing here passes or fails.
 */
import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import pg from "pg";
import { createClient } from "../src/index.js";
import { createLocalBackend } from "../src/local/create-local-backend.js";
import { postgresStore } from "../src/local/index.js";
import { memoryStore } from "../src/local/memory-store.js";
import { serve } from "../src/local/serve.js";
import type { LocalBackend } from "../src/local/types.js";
import {
  bundleInstance,
  eventually,
  type Instance,
  startInstance,
} from "../test/local/postgres/fleet.js";
import { startTestCluster } from "../test/setup/postgres.js";
import { fmt } from "./measure.js";

const ORG = "org_fleet";
const TOKEN = "bench-fleet-admin-token";
const MASTER_KEY = randomBytes(32).toString("base64");
const KEYS = 10_000;
const API_KEYS = Array.from({ length: 100 }, (_, i) => ({ id: `key_${i}`, name: `Key ${i}` }));
const PROVIDERS = ["openai", "anthropic", "mistral", "deepseek", "xai", "zai"] as const;
const WRITES = 300;
const CRUD_ROUNDS = 150;
const RESOLVE_MS = 2_000;

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** Creates `KEYS` keys through the backend's own API (in-process), `lanes` at a time. */
async function seed(local: LocalBackend, lanes = 8): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < KEYS; i = next++) {
      const response = await local.fetch(`/v1/organizations/${ORG}/provider-keys`, {
        method: "POST",
        headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({
          provider: PROVIDERS[i % PROVIDERS.length],
          name: `bench ${i}`,
          provider_key: `sk-bench-${String(i).padStart(8, "0")}-${"x".repeat(24)}`,
          // Nine in ten keys serve one API key, the rest the whole organization.
          api_key_ids: i % 10 === 0 ? [] : [API_KEYS[i % API_KEYS.length]!.id],
        }),
      });
      if (response.status !== 201)
        throw new Error(`seed: ${response.status} ${await response.text()}`);
      ids.push(((await response.json()) as { id: string }).id);
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  return ids;
}

/** Resolves per second, for `ms`, over queries that name every provider and API key. */
async function resolvesPerSecond(local: LocalBackend, ms: number): Promise<number> {
  const queries = Array.from({ length: 1024 }, (_, i) => ({
    provider: PROVIDERS[i % PROVIDERS.length]!,
    api_key_id: API_KEYS[(i * 7) % API_KEYS.length]!.id,
    organization_id: ORG,
  }));
  for (let i = 0; i < 20_000; i++) await local.resolve(queries[i & 1023]!);
  let count = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    for (let i = 0; i < 1000; i++) await local.resolve(queries[(count + i) & 1023]!);
    count += 1000;
  }
  return count / ((performance.now() - start) / 1000);
}

/** Create, get, update, delete, `rounds` times, through the client over loopback HTTP. */
async function crudPerSecond(baseUrl: string, rounds: number): Promise<number> {
  const client = createClient({ baseUrl, token: TOKEN, organizationId: ORG, maxRetries: 0 });
  const start = performance.now();
  for (let i = 0; i < rounds; i++) {
    const key = await client.providerKeys.create({
      provider: "openai",
      name: `crud ${i}`,
      provider_key: `sk-bench-crud-${i}-${"y".repeat(24)}`,
    });
    await client.providerKeys.get(key.id);
    await client.providerKeys.update(key.id, { name: `crud ${i} renamed` }, { ifMatch: 1 });
    await client.providerKeys.delete(key.id);
  }
  return (rounds * 4) / ((performance.now() - start) / 1000);
}

console.log(`byokit fleet benchmark — node ${process.version}, ${new Date().toISOString()}`);
const cluster = await startTestCluster();
const setup = new pg.Client({ connectionString: cluster.connectionString });
await setup.connect();
await setup.query("CREATE DATABASE bench_fleet");
await setup.end();
const databaseUrl = cluster.connectionString.replace(/\/postgres$/, "/bench_fleet");
const started: Instance[] = [];
const bundle = await bundleInstance();
const pgStore = postgresStore({ connectionString: databaseUrl, masterKey: MASTER_KEY });
const memory = createLocalBackend({
  store: memoryStore(),
  organizationId: ORG,
  apiKeys: API_KEYS,
  token: TOKEN,
});
const onPostgres = createLocalBackend({
  store: pgStore,
  organizationId: ORG,
  apiKeys: API_KEYS,
  token: TOKEN,
});
try {
  let t = performance.now();
  await seed(onPostgres);
  console.log(
    `seeded ${KEYS} keys on PostgreSQL through the API: ${fmt((performance.now() - t) / 1000, 1)} s`,
  );
  t = performance.now();
  await seed(memory);
  console.log(
    `seeded ${KEYS} keys in memory through the API:     ${fmt((performance.now() - t) / 1000, 1)} s`,
  );

  t = performance.now();
  const fleet = await Promise.all(
    ["A", "B", "C"].map((name) =>
      startInstance(bundle, name, { databaseUrl, masterKey: MASTER_KEY, token: TOKEN }),
    ),
  );
  started.push(...fleet);
  console.log(
    `three instances started and loaded ${KEYS} keys each: ${fmt(performance.now() - t, 0)} ms`,
  );

  // The keys that win resolution (a rename keeps them winning): a write to one of them shows
  // in every instance's resolve() answer as its new version.
  const winners: { id: string; query: Record<string, string> }[] = [];
  for (const provider of PROVIDERS) {
    for (const apiKey of API_KEYS) {
      const query = { provider, api_key_id: apiKey.id, organization_id: ORG };
      const answer = await fleet[0]!.resolve(query);
      if (answer.key_id) winners.push({ id: answer.key_id, query });
    }
  }
  // Convergence: a write acknowledged by one instance, until both others answer it.
  const lags: number[] = [];
  for (let i = 0; i < WRITES; i++) {
    const writer = fleet[i % 3]!;
    const others = fleet.filter((instance) => instance !== writer);
    const { id, query } = winners[(i * 31) % winners.length]!;
    const response = await fetch(`${writer.url}/v1/organizations/${ORG}/provider-keys/${id}`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ name: `bench write ${i}` }),
    });
    if (response.status !== 200) throw new Error(`write: ${response.status}`);
    const { version } = (await response.json()) as { version: number };
    const acknowledged = performance.now();
    await Promise.all(
      others.map((instance) =>
        eventually(
          `${instance.name} converges`,
          async () => {
            const answer = await instance.resolve(query);
            return answer.key_id === id && answer.version === version ? true : undefined;
          },
          10_000,
          0,
        ),
      ),
    );
    lags.push(performance.now() - acknowledged);
  }
  lags.sort((a, b) => a - b);
  console.log(
    `convergence lag over ${WRITES} writes (ack by one, answered by both others): p50 ${fmt(percentile(lags, 50), 1)} ms, p99 ${fmt(percentile(lags, 99), 1)} ms, max ${fmt(lags.at(-1)!, 1)} ms (goal p99 <= 50 ms)`,
  );

  // Resolve throughput: the same backend code on each store, in this process, interleaved.
  const memoryRates: number[] = [];
  const postgresRates: number[] = [];
  for (let round = 0; round < 3; round++) {
    memoryRates.push(await resolvesPerSecond(memory, RESOLVE_MS / 2));
    postgresRates.push(await resolvesPerSecond(onPostgres, RESOLVE_MS / 2));
  }
  const best = (rates: number[]) => Math.max(...rates);
  console.log(
    `resolve throughput (${KEYS} keys): PostgreSQL store ${fmt(best(postgresRates) / 1e3, 0)}k/s, memory store ${fmt(best(memoryRates) / 1e3, 0)}k/s, ratio ${fmt(best(postgresRates) / best(memoryRates), 2)}x (goal >= 0.9x)`,
  );

  // CRUD over loopback HTTP: a fleet instance on PostgreSQL, and serve() on the memory store.
  const memoryServer = await serve(memory, { port: 0, host: "127.0.0.1" });
  try {
    const onMemory = await crudPerSecond(memoryServer.url, CRUD_ROUNDS);
    const onFleet = await crudPerSecond(fleet[0]!.url, CRUD_ROUNDS);
    console.log(
      `CRUD over loopback (create/get/update/delete, ${CRUD_ROUNDS * 4} requests each): PostgreSQL ${fmt(onFleet, 0)} req/s, memory ${fmt(onMemory, 0)} req/s, ratio ${fmt(onFleet / onMemory, 2)}x`,
    );
  } finally {
    await memoryServer.close();
  }
} finally {
  await Promise.all(started.map((instance) => instance.stop()));
  await onPostgres.close();
  await memory.close();
  await pgStore.close?.();
  await rm(bundle, { force: true });
  await cluster.stop();
}

// The request path, as `npm run bench` measures it.
const { benchRequestPath } = await import("./request-path.js");
await benchRequestPath();
