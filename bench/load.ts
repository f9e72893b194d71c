/**
 * `npm run bench:load`: `serve()` under autocannon on loopback, bounded in time and count.
 *
 * The server runs in a child process (with `--expose-gc`) so its memory is measured alone;
 * this process drives it with autocannon in three phases (GET list, POST resolve, mixed
 * CRUD), then tops up to at least 100,000 requests, and prints requests/s, errors (non-2xx
 * included), p50/p99 latency, and the server's RSS and heap before, during and after. Exits
 * non-zero when any request failed or the heap after a GC kept growing past the allowance.
 */
import { type ChildProcess, fork } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { createLocalBackend } from "../src/local/create-local-backend.js";
import { memoryStore } from "../src/local/memory-store.js";
import { serve } from "../src/local/serve.js";

const TOKEN = "bench_load_admin_token";
const ORG = "org_load";
const KEYS = 20;
const PHASE_SECONDS = Number(process.env.BENCH_PHASE_SECONDS ?? 10);
const CONNECTIONS = 16;
const TOTAL_REQUESTS = 100_000;
/** The top-up phase is cut here even if the total is not reached: the run stays bounded. */
const MAX_TOP_UP_SECONDS = 60;
/** Heap after a GC may end at most this much above where it started (and at least 10%). */
const HEAP_ALLOWANCE_BYTES = 8 * 1024 * 1024;

// ---------------------------------------------------------------------------------------
// The server child.

interface Memory {
  rss: number;
  heapUsed: number;
}

type ToServer = { type: "memory"; gc: boolean };
type FromServer = { type: "ready"; url: string } | { type: "memory"; memory: Memory };

async function runServer(): Promise<void> {
  const local = createLocalBackend({
    store: memoryStore(),
    token: TOKEN,
    organizationId: ORG,
    apiKeys: [
      { id: "key_staging", name: "Staging" },
      { id: "key_prod", name: "Production" },
    ],
  });
  const providers = ["openai", "anthropic", "mistral", "deepseek", "xai"];
  for (let index = 0; index < KEYS; index += 1) {
    const response = await local.fetch(`http://127.0.0.1/v1/organizations/${ORG}/provider-keys`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({
        provider: providers[index % providers.length],
        name: `Seed ${index}`,
        provider_key: `sk-test-FAKEload${String(index).padStart(20, "0")}`,
        api_key_ids: index % 3 === 0 ? [] : [index % 3 === 1 ? "key_staging" : "key_prod"],
      }),
    });
    if (response.status !== 201) throw new TypeError(`seeding failed with ${response.status}`);
  }
  const server = await serve(local, { port: 0, host: "127.0.0.1" });
  process.on("message", (message: ToServer) => {
    if (message.type !== "memory") return;
    if (message.gc) {
      // Twice: the first pass may only queue finalizers.
      globalThis.gc?.();
      globalThis.gc?.();
    }
    const { rss, heapUsed } = process.memoryUsage();
    process.send?.({ type: "memory", memory: { rss, heapUsed } } satisfies FromServer);
  });
  process.on("disconnect", () => {
    void server.close().finally(() => process.exit(0));
  });
  process.send?.({ type: "ready", url: server.url } satisfies FromServer);
}

// ---------------------------------------------------------------------------------------
// The driver.

/** The little of autocannon's API used here (it ships no types). */
interface Histogram {
  average: number;
  p50: number;
  p99: number;
  total: number;
}
interface AutocannonResult {
  requests: Histogram;
  latency: Histogram;
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  "2xx": number;
}
interface AutocannonRequest {
  method?: string;
  path?: string;
  body?: string;
  headers?: Record<string, string>;
  setupRequest?: (
    request: AutocannonRequest,
    context: Record<string, unknown>,
  ) => AutocannonRequest;
  onResponse?: (status: number, body: string, context: Record<string, unknown>) => void;
}
interface AutocannonOptions {
  url: string;
  connections: number;
  duration?: number;
  amount?: number;
  headers: Record<string, string>;
  requests: AutocannonRequest[];
}
type Autocannon = ((options: AutocannonOptions) => Promise<AutocannonResult> & {
  stop(): void;
}) & { track?: unknown };

const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(fileURLToPath(import.meta.url), ["--serve"], {
    execArgv: [...process.execArgv, "--expose-gc"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new TypeError(`the server exited early (${code})`)));
    child.on("message", (message: FromServer) => {
      if (message.type === "ready") resolve({ child, url: message.url });
    });
  });
}

function memoryOf(child: ChildProcess, gc: boolean): Promise<Memory> {
  return new Promise((resolve) => {
    const onMessage = (message: FromServer) => {
      if (message.type !== "memory") return;
      child.off("message", onMessage);
      resolve(message.memory);
    };
    child.on("message", onMessage);
    child.send({ type: "memory", gc } satisfies ToServer);
  });
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

const BASE = `/v1/organizations/${ORG}/provider-keys`;
const json = { "content-type": "application/json" };

/** Each connection loops: create, read, rename, list, resolve, delete; the store stays at 20 keys. */
function mixedCrud(): AutocannonRequest[] {
  return [
    {
      method: "POST",
      path: BASE,
      headers: json,
      setupRequest: (request, context) => {
        context.n = ((context.n as number | undefined) ?? 0) + 1;
        return {
          ...request,
          body: JSON.stringify({
            provider: "openai",
            name: `Load ${context.n}`,
            provider_key: `sk-test-FAKEmixed${String(context.n).padStart(20, "0")}`,
          }),
        };
      },
      onResponse: (status, body, context) => {
        context.id = status === 201 ? (JSON.parse(body) as { id: string }).id : undefined;
      },
    },
    {
      method: "GET",
      setupRequest: (request, context) => ({ ...request, path: `${BASE}/${context.id}` }),
    },
    {
      method: "PATCH",
      headers: json,
      setupRequest: (request, context) => ({
        ...request,
        path: `${BASE}/${context.id}`,
        body: JSON.stringify({ name: `Renamed ${context.n}`, api_key_ids: ["key_staging"] }),
      }),
    },
    { method: "GET", path: `${BASE}?limit=20` },
    {
      method: "POST",
      path: `${BASE}/resolve`,
      headers: json,
      body: JSON.stringify({ provider: "openai", api_key_id: "key_staging" }),
    },
    {
      method: "DELETE",
      setupRequest: (request, context) => ({ ...request, path: `${BASE}/${context.id}` }),
    },
  ];
}

interface Phase {
  readonly name: string;
  readonly requests: AutocannonRequest[];
}

const PHASES: Phase[] = [
  { name: "GET list (20 keys)", requests: [{ method: "GET", path: `${BASE}?limit=20` }] },
  {
    name: "POST resolve",
    requests: [
      {
        method: "POST",
        path: `${BASE}/resolve`,
        headers: json,
        body: JSON.stringify({ provider: "openai", api_key_id: "key_staging" }),
      },
    ],
  },
  { name: "mixed CRUD + resolve", requests: mixedCrud() },
];

async function run(
  url: string,
  phase: Phase,
  bound: { duration: number } | { amount: number; maxSeconds: number },
) {
  const instance = autocannon({
    url,
    connections: CONNECTIONS,
    headers: { authorization: `Bearer ${TOKEN}` },
    requests: phase.requests,
    ...("amount" in bound ? { amount: bound.amount } : { duration: bound.duration }),
  });
  const stop =
    "maxSeconds" in bound ? setTimeout(() => instance.stop(), bound.maxSeconds * 1000) : undefined;
  const result = await instance;
  clearTimeout(stop);
  return result;
}

async function main(): Promise<void> {
  console.log(`byokit load — node ${process.version}, ${new Date().toISOString()}`);
  console.log(
    `serve() on 127.0.0.1, memory store, ${KEYS} keys, token; autocannon ${CONNECTIONS} connections`,
  );
  const { child, url } = await startServer();
  let failed = false;
  try {
    // Warm-up of every phase, so the baseline is taken after JIT and lazy initialisation.
    for (const phase of PHASES) await run(url, phase, { amount: 3_000, maxSeconds: 30 });
    const before = await memoryOf(child, true);
    /** Heap after a forced GC once each phase is done: it should plateau, not climb. */
    const checkpoints: string[] = [];
    let firstCheckpoint: Memory | undefined;
    let total = 0;
    let peak: Memory = { ...before };
    const sampler = setInterval(() => {
      void memoryOf(child, false).then((memory) => {
        peak = {
          rss: Math.max(peak.rss, memory.rss),
          heapUsed: Math.max(peak.heapUsed, memory.heapUsed),
        };
      });
    }, 500);

    const rows: string[] = [];
    const report = (name: string, result: AutocannonResult) => {
      const errors = result.errors + result.timeouts + result.non2xx;
      if (errors > 0) failed = true;
      total += result.requests.total;
      rows.push(
        `| ${name} | ${result.duration.toFixed(1)} s | ${result.requests.total} | ${Math.round(result.requests.average)} | ${errors} | ${result.latency.p50} ms | ${result.latency.p99} ms |`,
      );
    };
    const checkpoint = async () => {
      const memory = await memoryOf(child, true);
      checkpoints.push(`${total}: ${mb(memory.heapUsed)}`);
      firstCheckpoint ??= memory;
      return memory;
    };
    for (const [index, phase] of PHASES.entries()) {
      report(phase.name, await run(url, phase, { duration: PHASE_SECONDS }));
      if (index < PHASES.length - 1) await checkpoint();
    }
    let after = await checkpoint();
    if (total < TOTAL_REQUESTS) {
      const amount = TOTAL_REQUESTS - total;
      report(
        "top-up to 100,000 (mixed)",
        await run(url, PHASES[2]!, { amount, maxSeconds: MAX_TOP_UP_SECONDS }),
      );
      after = await checkpoint();
    }
    clearInterval(sampler);

    console.log("\n| phase | time | requests | req/s | errors (incl. non-2xx) | p50 | p99 |");
    console.log("| --- | --- | --- | --- | --- | --- | --- |");
    for (const row of rows) console.log(row);
    console.log(
      `\ntotal requests: ${total}${total < TOTAL_REQUESTS ? " (below 100,000: top-up was cut)" : ""}`,
    );

    // Stable means a plateau: from the end of the first phase (tens of thousands of requests
    // in) to the end, the heap after GC must not climb. The step from the warm-up baseline to
    // the first phase is sockets, buffers and optimised code settling, and is only reported.
    const settled = firstCheckpoint ?? before;
    const growth = after.heapUsed - settled.heapUsed;
    const allowance = Math.max(HEAP_ALLOWANCE_BYTES, settled.heapUsed * 0.1);
    console.log("\nserver memory (heap after a forced GC for before/after):");
    console.log(`  before: rss ${mb(before.rss)}, heap ${mb(before.heapUsed)}`);
    console.log(`  during (peak of 0.5 s samples): rss ${mb(peak.rss)}, heap ${mb(peak.heapUsed)}`);
    console.log(`  after:  rss ${mb(after.rss)}, heap ${mb(after.heapUsed)}`);
    console.log(`  heap after GC, by requests served: ${checkpoints.join(", ")}`);
    const percent = ((growth / settled.heapUsed) * 100).toFixed(1);
    const sinceStart = after.heapUsed - before.heapUsed;
    console.log(
      `  heap growth from the first checkpoint to the end: ${growth >= 0 ? "+" : ""}${mb(growth)} (${percent}%; allowance ${mb(allowance)}) → ${growth <= allowance ? "stable" : "GROWING"} (from the warm-up baseline: ${sinceStart >= 0 ? "+" : ""}${mb(sinceStart)})`,
    );
    if (growth > allowance || total < TOTAL_REQUESTS) failed = true;
  } finally {
    child.disconnect();
  }
  if (failed) {
    console.log("\nFAILED: errors, an unfinished run, or heap growth past the allowance");
    process.exitCode = 1;
  }
}

if (process.argv.includes("--serve")) await runServer();
else await main();
