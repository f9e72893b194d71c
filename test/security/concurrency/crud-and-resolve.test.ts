/**
 * Writers create, edit (name, scope, `active`, secret) and delete keys while readers resolve,
 * in-process (`local.resolve`, with credentials) and over the API (`POST /resolve`). Every
 * answer must be the resolver's answer on one state the store actually committed between
 * the moment the resolve started and the moment it answered: never a key deleted before it
 * started, never an unknown id, never a secret from another key or another version.
 */
import { describe, expect, it } from "vitest";
import type { ProviderKey } from "../../../src/providers/record.js";
import { createResolver } from "../../../src/resolver/create-resolver.js";
import type { Resolution, ResolveQuery } from "../../../src/resolver/types.js";
import {
  fakeKey,
  PATH,
  recordingStore,
  type Send,
  type Snapshot,
  STRESS,
  target,
} from "./support.js";

const WRITES_PER_WRITER = STRESS ? 400 : 60;
const WRITERS = 4;
const READERS = 4;
const API_KEY_IDS = [undefined, "key_a", "key_b"] as const;

interface Observation {
  readonly query: ResolveQuery;
  /** The store's committed states when the resolve started and when it answered. */
  readonly from: number;
  readonly to: number;
  readonly answer: Resolution<ProviderKey>;
  /** `local.resolve()` only: the secret it handed out. */
  readonly credentials?: unknown;
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

/** One writer: random creates, edits and deletes of openai keys, until its budget is spent. */
async function write(send: Send, writer: number, live: Set<string>): Promise<void> {
  for (let step = 0; step < WRITES_PER_WRITER; step += 1) {
    const roll = Math.random();
    const scope = pick(API_KEY_IDS);
    const api_key_ids = scope === undefined ? [] : [scope];
    if (live.size < 3 || roll < 0.35) {
      const answer = await send("POST", PATH, {
        body: {
          provider: "openai",
          name: `w${writer}-${step}`,
          provider_key: fakeKey(`w${writer}s${step}`),
          api_key_ids,
        },
      });
      expect(answer.status).toBe(201);
      live.add(answer.json.id);
    } else if (roll < 0.85) {
      const id = pick([...live]);
      const body =
        Math.random() < 0.5
          ? { api_key_ids, active: Math.random() < 0.8 }
          : { provider_key: fakeKey(`w${writer}r${step}`) };
      const answer = await send("PATCH", `${PATH}/${id}`, { body });
      // Another writer may have deleted it meanwhile.
      expect([200, 404]).toContain(answer.status);
    } else {
      const id = pick([...live]);
      live.delete(id);
      const answer = await send("DELETE", `${PATH}/${id}`);
      expect([200, 204, 404]).toContain(answer.status);
    }
  }
}

/** What a resolution says, in terms an answer and the oracle can be compared by. */
function summary(answer: Resolution<ProviderKey>) {
  if (answer.status === "unassigned" || answer.status === "rejected")
    return { status: answer.status };
  if (answer.status === "region_unavailable") {
    return { status: answer.status, scope: answer.scope, keys: answer.keys.map((k) => k.id) };
  }
  return {
    status: answer.status,
    scope: answer.scope,
    key: answer.key.id,
    version: answer.key.version,
    active: answer.key.active,
    api_key_ids: [...(answer.key.api_key_ids ?? [])],
    shadowed: answer.shadowed.map((key) => key.id),
  };
}

/** Indexes of the states between `from - 1` and `to` whose resolution matches the answer. */
function matchingStates(states: readonly Snapshot[], observation: Observation): number[] {
  const matches: number[] = [];
  const wanted = JSON.stringify(summary(observation.answer));
  for (let index = Math.max(0, observation.from - 1); index <= observation.to; index += 1) {
    const state = states[index]!;
    const records = [...state.values()].map((entry) => entry.record);
    const expected = createResolver(records).resolve(observation.query);
    if (JSON.stringify(summary(expected)) !== wanted) continue;
    if (observation.credentials !== undefined && observation.answer.status === "resolved") {
      const entry = state.get(observation.answer.key.id)!;
      if (entry.credentials !== observation.credentials) continue;
    }
    matches.push(index);
  }
  return matches;
}

describe.each(["in-process", "http"] as const)("CRUD racing resolve (%s)", (via) => {
  it(`answers every resolve from one committed state (${WRITERS} writers × ${WRITES_PER_WRITER} writes, ${READERS} readers)`, async () => {
    const store = recordingStore();
    const { local, send } = await target(via, { store });
    const live = new Set<string>();
    const observations: Observation[] = [];
    let writing = true;

    const read = async (reader: number) => {
      while (writing) {
        // local.resolve() settles in microtasks alone: yield, or the writers' timers starve.
        await new Promise((resolve) => setImmediate(resolve));
        const api_key_id = pick(API_KEY_IDS);
        const query: ResolveQuery = { provider: "openai", ...(api_key_id ? { api_key_id } : {}) };
        const from = store.states.length - 1;
        if (reader % 2 === 0) {
          const answer = await send("POST", `${PATH}/resolve`, { body: query });
          expect(answer.status).toBe(200);
          observations.push({ query, from, to: store.states.length - 1, answer: answer.json });
        } else {
          const resolved = await local.resolve(query);
          const { credentials, ...answer } = resolved as typeof resolved & {
            credentials?: unknown;
          };
          observations.push({
            query,
            from,
            to: store.states.length - 1,
            answer: answer as Resolution<ProviderKey>,
            ...(credentials === undefined ? {} : { credentials }),
          });
        }
      }
    };

    const readers = Array.from({ length: READERS }, (_, reader) => read(reader));
    await Promise.all(Array.from({ length: WRITERS }, (_, writer) => write(send, writer, live)));
    writing = false;
    await Promise.all(readers);

    expect(store.states.length - 1).toBeGreaterThanOrEqual(WRITERS * WRITES_PER_WRITER * 0.8);
    expect(observations.length).toBeGreaterThan(READERS * 10);
    const resolvedCount = observations.filter((o) => o.answer.status === "resolved").length;
    expect(resolvedCount).toBeGreaterThan(0);
    for (const observation of observations) {
      const matches = matchingStates(store.states, observation);
      expect(
        matches.length,
        `resolve ${JSON.stringify(observation.query)} between states ${observation.from} and ${observation.to}: ${JSON.stringify(summary(observation.answer))}`,
      ).toBeGreaterThan(0);
    }
  });
});
