/**
 * Many editors race with the same `If-Match`: for every version exactly one wins (200, the
 * next version), every other gets a 412 and writes nothing, and the record ends at the
 * initial version plus one per round. In-process and over HTTP, with a store whose writes
 * take a random few milliseconds so the races are wide.
 */
import { describe, expect, it } from "vitest";
import { createClient } from "../../../src/client/create-client.js";
import { PreconditionFailedError } from "../../../src/errors/index.js";
import { fakeKey, ORG, PATH, STRESS, TOKEN, target } from "./support.js";

const EDITORS = STRESS ? 200 : 30;
const ROUNDS = STRESS ? 10 : 3;

describe.each(["in-process", "http"] as const)("parallel If-Match updates (%s)", (via) => {
  it(`have exactly one winner per version: ${EDITORS} editors × ${ROUNDS} rounds`, async () => {
    const { send } = await target(via);
    const created = await send("POST", PATH, {
      body: { provider: "openai", name: "Contended", provider_key: fakeKey("race") },
    });
    const id = created.json.id as string;
    expect(created.json.version).toBe(1);

    for (let round = 0; round < ROUNDS; round += 1) {
      const version = 1 + round;
      const answers = await Promise.all(
        Array.from({ length: EDITORS }, (_, editor) =>
          send("PATCH", `${PATH}/${id}`, {
            headers: { "if-match": `"${version}"` },
            body: { name: `Round ${round} editor ${editor}`, active: editor % 2 === 0 },
          }),
        ),
      );
      const winners = answers.filter((answer) => answer.status === 200);
      const losers = answers.filter((answer) => answer.status === 412);
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(EDITORS - 1);
      expect(winners[0]!.json.version).toBe(version + 1);
      expect(winners[0]!.headers.get("etag")).toBe(`"${version + 1}"`);
      for (const loser of losers) {
        expect(loser.json.error.type).toBe("precondition_failed_error");
      }

      // What is stored is the winner's edit, whole: its name and its `active` together.
      const stored = await send("GET", `${PATH}/${id}`);
      expect(stored.json).toMatchObject({
        version: version + 1,
        name: winners[0]!.json.name,
        active: winners[0]!.json.active,
      });
    }
    const final = await send("GET", `${PATH}/${id}`);
    expect(final.json.version).toBe(1 + ROUNDS);
  });
});

describe("parallel If-Match updates through the client", () => {
  it("resolve once and reject every other with PreconditionFailedError, sending each once", async () => {
    const { local } = await target("in-process");
    let patches = 0;
    const counted: typeof fetch = (input, init) => {
      // Updates are POST /provider-keys/{id} (Edgee's convention); creates post to the list.
      const url = input instanceof Request ? input.url : String(input);
      const method = init?.method ?? (input instanceof Request ? input.method : "GET");
      if (method === "POST" && /\/provider-keys\/pk_[^/]+$/.test(url)) patches += 1;
      return local.fetch(input, init);
    };
    const client = createClient({ organizationId: ORG, token: TOKEN, fetch: counted });
    const created = await client.providerKeys.create({
      provider: "openai",
      name: "Client race",
      provider_key: fakeKey("client"),
    });

    const outcomes = await Promise.allSettled(
      Array.from({ length: EDITORS }, (_, editor) =>
        client.providerKeys.update(created.id, { name: `Client ${editor}` }, { ifMatch: 1 }),
      ),
    );
    const fulfilled = outcomes.filter((outcome) => outcome.status === "fulfilled");
    const rejected = outcomes.filter((outcome) => outcome.status === "rejected");
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(EDITORS - 1);
    for (const outcome of rejected) {
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(PreconditionFailedError);
    }
    // A 412 is never retried: one request per editor.
    expect(patches).toBe(EDITORS);
    expect((await client.providerKeys.get(created.id)).version).toBe(2);
  });
});
