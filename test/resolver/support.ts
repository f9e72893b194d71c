import fc from "fast-check";
import type { ProviderId } from "../../src/providers/ids.js";
import type {
  Resolution,
  ResolvableKey,
  ResolveQuery,
  ResolverApiKey,
} from "../../src/resolver/index.js";

/**
 * Shared builders for the resolver tests: a terse record builder for the tables, a comparable
 * summary of an answer, and the fast-check generators of record sets and queries.
 */

export interface KeySpec {
  provider?: ProviderId;
  /** `created_at`; `null` leaves the field out. */
  at?: string | null;
  /** `api_key_ids`; `null` leaves the field out (an unknown assignment: serves nobody). */
  api?: readonly string[] | null;
  /** `active`; `null` leaves the field out (active). */
  active?: boolean | null;
  /** Bedrock region entries; `null` gives a Bedrock record without a preview. */
  regions?: readonly string[] | null;
  name?: string;
}

export const DAY1 = "2025-01-01T00:00:00.000Z";
export const DAY2 = "2025-01-02T00:00:00.000Z";
export const DAY3 = "2025-01-03T00:00:00.000Z";

/** A record as the resolver sees it; `regions` alone makes it a Bedrock key. */
export function key(id: string, spec: KeySpec = {}): ResolvableKey {
  const provider = spec.provider ?? (spec.regions === undefined ? "openai" : "bedrock");
  const record: Record<string, unknown> = { id, provider, name: spec.name ?? `name of ${id}` };
  if (spec.at !== null) record.created_at = spec.at ?? DAY1;
  if (spec.api !== null) record.api_key_ids = spec.api ?? [];
  if (spec.active !== null) record.active = spec.active ?? true;
  if (provider === "bedrock") {
    if (spec.regions !== null) {
      record.preview = {
        type: "aws_iam",
        regions: (spec.regions ?? ["global"]).map((region) => ({
          region,
          access_key_id: "AKIA...FAKE",
          session_token: false,
        })),
      };
    }
  } else {
    record.preview = { type: "api_key", key: "sk-...FAKE" };
  }
  return record as unknown as ResolvableKey;
}

/** What an answer decides, without its prose: what the tables and properties compare. */
export type Summary =
  | { status: "unassigned" }
  | { status: "rejected" }
  | {
      status: "resolved";
      key: string;
      scope: "api_key" | "organization";
      region?: { requested: string; matched: string };
      shadowed: string[];
    }
  | { status: "region_unavailable"; scope: "api_key" | "organization"; keys: string[] };

export function summarize(answer: Resolution): Summary {
  switch (answer.status) {
    case "unassigned":
    case "rejected":
      return { status: answer.status };
    case "region_unavailable":
      return { status: answer.status, scope: answer.scope, keys: answer.keys.map((k) => k.id) };
    case "resolved":
      return {
        status: answer.status,
        key: answer.key.id,
        scope: answer.scope,
        ...(answer.region
          ? { region: { requested: answer.region.requested, matched: answer.region.matched } }
          : {}),
        shadowed: answer.shadowed.map((k) => k.id),
      };
  }
}

// ---- Generators -------------------------------------------------------------------------

export const RECORD_PROVIDERS = ["openai", "anthropic", "bedrock"] as const;
export const API_KEYS = ["key_a", "key_b", "key_c"] as const;
export const REGIONS = ["global", "us-east-1", "eu-west-1", "us-gov-west-1"] as const;
/** Ids whose string order differs from their length order (`pk_10` < `pk_9`). */
export const IDS = ["pk_1", "pk_2", "pk_3", "pk_9", "pk_10", "pk_11", "pk_A", "pk_a", "pk_b"];
/**
 * Few dates so ties are common; two spellings of the same instant; one unparsable (sorts as
 * newest); `null` leaves `created_at` out.
 */
export const DATES = [DAY1, DAY2, "2025-01-02T01:00:00+01:00", DAY3, "not a date", null] as const;

const apiKeyIdsArb = fc.oneof(
  // Missing (as in Edgee's own answers): an unknown assignment.
  { arbitrary: fc.constant(null), weight: 1 },
  { arbitrary: fc.constant([] as string[]), weight: 3 },
  { arbitrary: fc.subarray([...API_KEYS], { minLength: 1 }), weight: 4 },
  // Empty ids, alone or beside real ones: never the organization.
  { arbitrary: fc.subarray(["", ...API_KEYS, ""], { minLength: 1 }), weight: 1 },
);

/** One record with the given id pool; Bedrock keys hold a few (possibly repeated) regions. */
export const recordArb: fc.Arbitrary<ResolvableKey> = fc
  .record({
    id: fc.constantFrom(...IDS),
    provider: fc.constantFrom(...RECORD_PROVIDERS),
    at: fc.constantFrom(...DATES),
    active: fc.constantFrom<boolean | null>(true, true, true, false, null),
    api: apiKeyIdsArb,
    regions: fc.oneof(
      { arbitrary: fc.array(fc.constantFrom(...REGIONS), { maxLength: 3 }), weight: 9 },
      { arbitrary: fc.constant(null), weight: 1 },
    ),
  })
  .map(({ id, provider, regions, ...spec }) =>
    key(id, { ...spec, provider, ...(provider === "bedrock" ? { regions } : {}) }),
  );

/** A set of records with distinct ids, as the API would hand out. */
export const recordsArb = fc.uniqueArray(recordArb, { selector: (r) => r.id, maxLength: 9 });

/**
 * The organization's gateway API keys as a resolver may learn them: some of {@link API_KEYS}
 * (the others are gone), each possibly BYOK-only and possibly inactive.
 */
export const apiKeysArb: fc.Arbitrary<ResolverApiKey[]> = fc
  .subarray([...API_KEYS])
  .chain((ids) =>
    fc.tuple(
      ...ids.map((id) =>
        fc.record(
          {
            id: fc.constant(id),
            byok_only: fc.boolean(),
            active: fc.constantFrom(true, false, undefined),
          },
          { requiredKeys: ["id"] },
        ),
      ),
    ),
  )
  .map((list) => list.map((apiKey) => ({ ...apiKey }) as ResolverApiKey));

/**
 * Every query worth asking of the generated records, including ones nobody can serve; each
 * provider and API key also asked with `byok_only` given either way.
 */
export function allQueries(): ResolveQuery[] {
  const queries: ResolveQuery[] = [];
  const apiKeyIds = [undefined, ...API_KEYS, "key_nobody"];
  for (const provider of ["openai", "anthropic", "bedrock", "mistral"] as const) {
    // Regions are ignored outside Bedrock, even malformed ones.
    const regions =
      provider === "bedrock"
        ? [undefined, ...REGIONS, "ap-south-1"]
        : [undefined, "eu-west-1", "mars-1"];
    for (const api_key_id of apiKeyIds) {
      for (const region of regions) queries.push({ provider, api_key_id, region });
      for (const byok_only of [true, false]) {
        queries.push({ provider, api_key_id, region: regions[2], byok_only });
      }
    }
  }
  return queries;
}

export const QUERIES = allQueries();
