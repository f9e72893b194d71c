import { createClient } from "../src/client/create-client.js";
import { createLocalBackend } from "../src/local/create-local-backend.js";
import { memoryStore } from "../src/local/memory-store.js";
import { serve } from "../src/local/serve.js";
import { fmt } from "./measure.js";

const TOKEN = "bench_console_token";
const ORG = "org_bench";
const CYCLES = 1500;

/** One CRUD cycle (create, get, update, list, delete); returns µs per request. */
type Cycle = (i: number) => Promise<void>;

async function time(cycle: Cycle, i: number): Promise<number> {
  const start = process.hrtime.bigint();
  await cycle(i);
  return Number(process.hrtime.bigint() - start) / 1000 / 5;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Client CRUD against `serve` on loopback vs the same five requests with bare fetch, cycles
 * interleaved so both see the same machine; DESIGN.md's budget is a ratio of at most 1.25.
 */
export async function benchClient(): Promise<void> {
  const local = createLocalBackend({ store: memoryStore(), token: TOKEN, organizationId: ORG });
  const server = await serve(local, { port: 0, host: "127.0.0.1" });
  const base = `${server.url}/v1/organizations/${ORG}/provider-keys`;
  const headers = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };
  const client = createClient({ organizationId: ORG, token: TOKEN, baseUrl: server.url });
  const secret = (i: number) => `sk-bench-${String(i).padStart(24, "0")}`;

  const viaClient: Cycle = async (i) => {
    const created = await client.providerKeys.create({
      provider: "openai",
      name: `c${i}`,
      provider_key: secret(i),
    });
    await client.providerKeys.get(created.id);
    await client.providerKeys.update(created.id, { name: `c${i}b` });
    await client.providerKeys.list({ limit: 5 });
    await client.providerKeys.delete(created.id);
  };
  const viaFetch: Cycle = async (i) => {
    const body = JSON.stringify({ provider: "openai", name: `f${i}`, provider_key: secret(i) });
    const created = (await (
      await fetch(base, {
        method: "POST",
        headers: { ...headers, "idempotency-key": crypto.randomUUID() },
        body,
      })
    ).json()) as { id: string };
    await (await fetch(`${base}/${created.id}`, { headers })).json();
    await (
      await fetch(`${base}/${created.id}`, {
        method: "PATCH",
        headers,
        body: JSON.stringify({ name: `f${i}b` }),
      })
    ).json();
    await (await fetch(`${base}?limit=5`, { headers })).json();
    await (await fetch(`${base}/${created.id}`, { method: "DELETE", headers })).json();
  };

  for (let i = 0; i < 200; i++) {
    await viaClient(i);
    await viaFetch(i);
  }
  const clientTimes: number[] = [];
  const fetchTimes: number[] = [];
  for (let i = 0; i < CYCLES; i++) {
    clientTimes.push(await time(viaClient, i));
    fetchTimes.push(await time(viaFetch, i));
  }
  await server.close();
  const c = median(clientTimes);
  const f = median(fetchTimes);
  console.log(
    `\n## client CRUD against serve() on loopback (median of ${CYCLES} interleaved 5-request cycles)`,
  );
  console.log(`bare fetch: ${fmt(f)} µs/request   client: ${fmt(c)} µs/request`);
  console.log(`ratio client / bare fetch: ${fmt(c / f, 2)}x (budget <= 1.25x)`);
}
