import { PROVIDER_IDS } from "../src/providers/ids.js";
import type { ProviderKey } from "../src/providers/record.js";
import { createResolver } from "../src/resolver/index.js";
import type { ResolveQuery } from "../src/resolver/types.js";
import { fmt, msOnce, nsPerOp } from "./measure.js";

const REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-northeast-1", "global"];

/** A deterministic pseudo-random generator, so every run measures the same data. */
function lcg(seed: number) {
  let state = seed;
  return (max: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state % max;
  };
}

function makeRecords(count: number): ProviderKey[] {
  const random = lcg(count);
  const apiKeys = Math.max(1, Math.floor(count / 10));
  return Array.from({ length: count }, (_, i) => {
    const provider = PROVIDER_IDS[random(PROVIDER_IDS.length)]!;
    const orgScope = random(10) < 3;
    return {
      object: "provider_key",
      id: `pk_${i.toString(36).padStart(8, "0")}`,
      provider,
      name: `key ${i}`,
      api_key_ids: orgScope ? [] : [`key_${random(apiKeys)}`],
      active: random(20) !== 0,
      preview:
        provider === "bedrock"
          ? {
              type: "aws_iam",
              regions: [...new Set([REGIONS[random(6)]!, REGIONS[random(6)]!])].map((region) => ({
                region,
                access_key_id: "AKIA...WXYZ",
                session_token: false,
              })),
            }
          : { type: "api_key", key: "sk-...AbCd" },
      created_at: new Date(Date.UTC(2025, 0, 1) + random(1_000_000) * 1000).toISOString(),
      created_by: null,
    };
  });
}

function makeQueries(count: number, records: number): ResolveQuery[] {
  const random = lcg(7);
  const apiKeys = Math.max(1, Math.floor(records / 10));
  return Array.from({ length: count }, () => {
    const provider = PROVIDER_IDS[random(PROVIDER_IDS.length)]!;
    return {
      provider,
      api_key_id: `key_${random(apiKeys)}`,
      ...(provider === "bedrock" ? { region: REGIONS[random(5)]! } : {}),
    };
  });
}

/** The obvious implementation DESIGN.md's budget compares against: scan every record per call. */
function naiveResolve(
  records: readonly ProviderKey[],
  query: ResolveQuery,
): ProviderKey | undefined {
  let best: ProviderKey | undefined;
  let bestScoped = false;
  for (const record of records) {
    if (record.provider !== query.provider || record.active === false) continue;
    const ids = record.api_key_ids ?? [];
    const scoped = query.api_key_id !== undefined && ids.includes(query.api_key_id);
    if (!scoped && ids.length > 0) continue;
    if (scoped && !bestScoped) {
      best = record;
      bestScoped = true;
    } else if (scoped === bestScoped && (!best || record.created_at < best.created_at)) {
      best = record;
    }
  }
  return best;
}

export function benchResolver(): void {
  const QUERIES = 4096;
  const ITER = 2_000_000;
  console.log("\n## resolver (resolve() over 4096 rotating queries, median of 7 samples)");

  const perSize: Record<number, number> = {};
  for (const size of [10, 1_000, 100_000]) {
    const resolver = createResolver(makeRecords(size));
    const queries = makeQueries(QUERIES, size);
    perSize[size] = nsPerOp(ITER, (i) => resolver.resolve(queries[i & (QUERIES - 1)]!));
    console.log(`resolve() at ${String(size).padStart(7)} records: ${fmt(perSize[size]!)} ns/op`);
  }

  // Baseline: two plain Map.get calls per query (provider, then API key, as the index is
  // keyed), same query rotation, same run, maps as large as the 100,000-record index's.
  const queries = makeQueries(QUERIES, 100_000);
  const byProvider = new Map<string, number>(PROVIDER_IDS.map((p, i) => [p, i]));
  const byApiKey = new Map<string | undefined, number>(
    Array.from({ length: 10_000 }, (_, i) => [`key_${i}`, i]),
  );
  const twoGets = nsPerOp(ITER, (i) => {
    const q = queries[i & (QUERIES - 1)]!;
    return byProvider.get(q.provider) && byApiKey.get(q.api_key_id);
  });
  console.log(`two Map.get calls:               ${fmt(twoGets)} ns/op`);
  console.log(
    `ratio resolve()@100k / two Map.get: ${fmt(perSize[100_000]! / twoGets, 2)}x (budget <= 3x); @10: ${fmt(perSize[10]! / twoGets, 2)}x`,
  );
  console.log(
    `ratio resolve()@100k / resolve()@10: ${fmt(perSize[100_000]! / perSize[10]!, 2)}x (same cost expected)`,
  );

  const tenK = makeRecords(10_000);
  const tenKResolver = createResolver(tenK);
  const tenKQueries = makeQueries(QUERIES, 10_000);
  const indexed = nsPerOp(ITER, (i) => tenKResolver.resolve(tenKQueries[i & (QUERIES - 1)]!));
  const naive = nsPerOp(2_000, (i) => naiveResolve(tenK, tenKQueries[i & (QUERIES - 1)]!), 5);
  console.log(
    `naive linear scan at 10,000 records: ${fmt(naive / 1000, 1)} µs/op vs ${fmt(indexed)} ns/op → ${fmt(naive / indexed, 0)}x slower (budget >= 100x)`,
  );

  const hundredK = makeRecords(100_000);
  const buildMs = [0, 1, 2]
    .map(() => msOnce(() => createResolver(hundredK)))
    .sort((a, b) => a - b)[1]!;
  console.log(`indexing 100,000 records: ${fmt(buildMs)} ms (budget well under 1000 ms)`);

  const live = createResolver(hundredK);
  const extra = makeRecords(1_000).map((r) => ({ ...r, id: `${r.id}_new` }));
  const upsertMs = msOnce(() => {
    for (const record of extra) live.upsert(record);
    for (const record of extra) live.remove(record.id);
  });
  console.log(
    `upsert + remove of 1,000 records into 100,000: ${fmt((upsertMs * 1000) / 2000, 1)} µs/op (no rebuild)`,
  );
}
