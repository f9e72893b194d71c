import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allowLongRuns, assertOptions } from "../leaks/runs.js";
import { DEEP, deepJsonText } from "./hostile.js";
import {
  expectTypedAnswer,
  type FuzzRequest,
  isWrite,
  ORG,
  requestArbitrary,
  seededBackend,
  snapshotOf,
  TOKEN,
} from "./server-harness.js";

allowLongRuns();

/** The ids the API lists, every page followed: must match what the store holds. */
async function listedIds(fetch: typeof globalThis.fetch): Promise<string[]> {
  const ids: string[] = [];
  let startKey: string | null = null;
  do {
    const query: string = startKey ? `&start_key=${startKey}` : "";
    const response = await fetch(
      `http://localhost/v1/organizations/${ORG}/provider-keys?limit=100${query}`,
      { headers: { Authorization: `Bearer ${TOKEN}` } },
    );
    const page = (await response.json()) as { data: { id: string }[]; last_key: string | null };
    ids.push(...page.data.map((record) => record.id));
    startKey = page.last_key;
  } while (startKey);
  return ids.sort();
}

describe("local.fetch given hostile requests", () => {
  it("answers a typed 4xx or a 2xx, never a 5xx; a refused write changes nothing stored", async () => {
    const { local, store, ids } = await seededBackend();
    let before = await snapshotOf(store);
    const statuses = new Set<number>();
    const send = (request: FuzzRequest) =>
      local.fetch(`http://localhost${request.path}`, {
        method: request.method,
        headers: request.headers,
        ...(request.body === undefined ? {} : { body: request.body as BodyInit }),
      });
    await fc.assert(
      fc.asyncProperty(requestArbitrary(ids), async (request) => {
        const response = await send(request);
        const text = await response.text();
        expectTypedAnswer(request, response.status, response.headers, text);
        statuses.add(response.status);
        const after = await snapshotOf(store);
        if (!isWrite(request.method) || response.status >= 300) {
          expect(after, `${request.method} ${request.path} changed the store`).toBe(before);
        }
        before = after;
        const stored = JSON.parse(after) as { record: { id: string } }[];
        expect(await listedIds(local.fetch)).toEqual(stored.map((entry) => entry.record.id).sort());
      }),
      assertOptions(200),
    );
    // The fuzz reached past the front door: successes and several kinds of refusal.
    expect([...statuses].some((status) => status < 300)).toBe(true);
    expect([...statuses].filter((status) => status >= 400).length).toBeGreaterThanOrEqual(4);
  });

  it("refuses a body nested 10,000 levels deep on every write route, storing nothing", async () => {
    const { local, store, ids } = await seededBackend();
    const before = await snapshotOf(store);
    const routes: [string, string][] = [
      ["POST", "/provider-keys"],
      ["PATCH", `/provider-keys/${ids[0]}`],
      ["POST", "/provider-keys/test"],
      ["POST", "/provider-keys/resolve"],
    ];
    for (const [method, path] of routes) {
      for (const kind of ["array", "object", "mixed"] as const) {
        const text = deepJsonText(DEEP, kind);
        const request: FuzzRequest = {
          method,
          path: `/v1/organizations/${ORG}${path}`,
          headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" },
          body: text,
        };
        const response = await local.fetch(`http://localhost${request.path}`, {
          method,
          headers: request.headers,
          body: text,
        });
        const answer = await response.text();
        expectTypedAnswer(request, response.status, response.headers, answer);
        // Bigger than 64 KiB: 413; smaller: 400 naming the depth or the shape.
        expect([400, 413]).toContain(response.status);
      }
    }
    expect(await snapshotOf(store)).toBe(before);
  });
});
