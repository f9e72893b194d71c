/**
 * The PostgreSQL store on loopback, on a throwaway cluster (test/setup/postgres.ts): how long a
 * put takes, how long until another instance's subscriber hears of it (DESIGN.md's fleet
 * budget is 50 ms at p99 up to `resolve()`; this is the store's share), and how long `load()`
 * of 1,000 keys takes. Prints figures; asserts nothing. Run: `npx tsx bench/postgres-feed.ts`.
 */
import { randomBytes } from "node:crypto";
import { postgresStore } from "../src/local/postgres/postgres-store.js";
import { storedOpenAiEntry } from "../test/local/helpers.js";
import { startTestCluster } from "../test/setup/postgres.js";

const WRITES = 500;
const LOADED = 1000;

const entry = (id: string) =>
  storedOpenAiEntry(id, `sk-bench-${randomBytes(16).toString("hex")}`, "org_bench");

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))] ??
  0;
const ms = (value: number) => `${value.toFixed(2)} ms`;

const started = performance.now();
const cluster = await startTestCluster();
console.log(`cluster started in ${ms(performance.now() - started)}`);
try {
  const masterKey = randomBytes(32).toString("base64");
  const a = postgresStore({ connectionString: cluster.connectionString, masterKey });
  const b = postgresStore({ connectionString: cluster.connectionString, masterKey });
  await Promise.all([a.load(), b.load()]);
  const heard = new Map<string, number>();
  b.subscribe((event) => {
    if (event.type === "change") heard.set(event.change.id, performance.now());
  });
  const putMs: number[] = [];
  const feedMs: number[] = [];
  for (let i = 0; i < WRITES; i++) {
    const id = `pk_${i}`;
    const before = performance.now();
    await a.put(entry(id));
    putMs.push(performance.now() - before);
    while (!heard.has(id)) await new Promise((resolve) => setImmediate(resolve));
    feedMs.push((heard.get(id) as number) - before);
  }
  console.log(
    `put: p50 ${ms(percentile(putMs, 0.5))}, p99 ${ms(percentile(putMs, 0.99))} (${WRITES} writes)`,
  );
  console.log(
    `put → other instance's subscriber: p50 ${ms(percentile(feedMs, 0.5))}, p99 ${ms(percentile(feedMs, 0.99))}`,
  );
  for (let i = WRITES; i < LOADED; i++) await a.put(entry(`pk_${i}`));
  const loadStart = performance.now();
  const loaded = await b.load();
  console.log(
    `load() of ${loaded.length} keys (decrypting each): ${ms(performance.now() - loadStart)}`,
  );
  await Promise.all([a.close(), b.close()]);
} finally {
  const stopping = performance.now();
  await cluster.stop();
  console.log(`cluster stopped in ${ms(performance.now() - stopping)}`);
}
