import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/errors/validation-error.js";
import { createLocalBackend } from "../../src/local/create-local-backend.js";
import type { LocalBackend } from "../../src/local/types.js";
import { call, fakeApiKey, fakeRegion, ORG, TOKEN } from "./helpers.js";

const apiKeys = [
  { id: "key_staging", name: "Staging" },
  { id: "key_strict", name: "Strict", byok_only: true },
];

async function create(local: LocalBackend, body: Record<string, unknown>) {
  const response = await call(local, "POST", "/provider-keys", { body });
  expect(response.status).toBe(201);
  return response.json as { id: string };
}

/** A backend whose store and API keys are loaded, so `resolve()` takes its synchronous path. */
async function loaded(options: Parameters<typeof createLocalBackend>[0] = {}) {
  const local = createLocalBackend({ apiKeys, token: TOKEN, organizationId: ORG, ...options });
  const secret = fakeApiKey();
  await create(local, { provider: "openai", name: "Org", provider_key: secret });
  await local.resolve({ provider: "openai", api_key_id: "key_staging" });
  return { local, secret };
}

async function rejection(promise: Promise<unknown>): Promise<ValidationError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

const BAD_QUERIES: [string, unknown][] = [
  ["an unknown provider", { provider: "nope" }],
  ["a missing provider", { api_key_id: "key_staging" }],
  ["an api_key_id with a space", { provider: "openai", api_key_id: "key staging" }],
  ["an empty api_key_id", { provider: "openai", api_key_id: "" }],
  ["an api_key_id that is a number", { provider: "openai", api_key_id: 7 }],
  ["an unknown field", { provider: "openai", model: "gpt-4o" }],
  ["byok_only as a string", { provider: "openai", byok_only: "yes" }],
  ["a Bedrock region that is not one", { provider: "bedrock", region: "mars-north-1" }],
  ["a region too long", { provider: "openai", region: "x".repeat(40) }],
  ["another organization", { provider: "openai", organization_id: "org_other" }],
  ["null", null],
  ["an array", [{ provider: "openai" }]],
];

describe("local.resolve() once the store is loaded", () => {
  it.each(BAD_QUERIES)(
    "rejects %s with the same ValidationError as before the load",
    async (_, query) => {
      const cold = createLocalBackend({ apiKeys, token: TOKEN, organizationId: ORG });
      const before = await rejection(cold.resolve(query as never));
      const { local } = await loaded();
      const after = await rejection(local.resolve(query as never));
      expect(after.issues).toEqual(before.issues);
      expect(after.message).toBe(before.message);
    },
  );

  it("hands out frozen credentials: changing them throws and never changes the stored secret", async () => {
    const { local } = await loaded();
    const regions = { "eu-west-3": fakeRegion({ sessionToken: true }), global: fakeRegion() };
    await create(local, { provider: "bedrock", name: "AWS", provider_key: regions });
    const first = await local.resolve({ provider: "bedrock", region: "eu-west-3" });
    if (first.status !== "resolved") throw new Error(`expected resolved, got ${first.status}`);
    const handedOut = first.credentials as { secret_access_key: string };
    expect(Object.isFrozen(handedOut)).toBe(true);
    expect(() => {
      handedOut.secret_access_key = "FAKEchanged";
    }).toThrow(TypeError);
    expect(() => Object.defineProperty(handedOut, "session_token", { value: "x" })).toThrow(
      TypeError,
    );
    expect(() => {
      (first as { status: string }).status = "unassigned";
    }).toThrow(TypeError);
    const again = await local.resolve({ provider: "bedrock", region: "eu-west-3" });
    expect(again.status === "resolved" && again.credentials).toEqual(regions["eu-west-3"]);
    const global = await local.resolve({ provider: "bedrock" });
    expect(global.status === "resolved" && global.credentials).toEqual(regions.global);
  });

  it("hands out the new secret after an update, and nothing after a delete", async () => {
    const { local, secret } = await loaded();
    const before = await local.resolve({ provider: "openai", api_key_id: "key_staging" });
    expect(before.status === "resolved" && before.credentials).toBe(secret);
    if (before.status !== "resolved") return;
    const replacement = fakeApiKey();
    const updated = await call(local, "PATCH", `/provider-keys/${before.key.id}`, {
      body: { provider_key: replacement },
    });
    expect(updated.status).toBe(200);
    const after = await local.resolve({ provider: "openai", api_key_id: "key_staging" });
    expect(after.status === "resolved" && after.credentials).toBe(replacement);
    await call(local, "DELETE", `/provider-keys/${before.key.id}`);
    const gone = await local.resolve({ provider: "openai", api_key_id: "key_staging" });
    expect(gone.status).toBe("unassigned");
  });

  it("applies BYOK-only from the query, the API key and the organization", async () => {
    const { local } = await loaded();
    expect((await local.resolve({ provider: "mistral", api_key_id: "key_staging" })).status).toBe(
      "unassigned",
    );
    expect(
      (await local.resolve({ provider: "mistral", api_key_id: "key_staging", byok_only: true }))
        .status,
    ).toBe("rejected");
    expect((await local.resolve({ provider: "mistral", api_key_id: "key_strict" })).status).toBe(
      "rejected",
    );
    const strict = await loaded({ organizations: [{ id: ORG, byok_only: true }] });
    expect(
      (await strict.local.resolve({ provider: "mistral", api_key_id: "key_staging" })).status,
    ).toBe("rejected");
  });

  it("answers an API key id it has never seen as the full path does (the organization's key)", async () => {
    const { local, secret } = await loaded();
    const answer = await local.resolve({ provider: "openai", api_key_id: "key_unknown" });
    expect(answer.status === "resolved" && answer.credentials).toBe(secret);
  });

  it("finds the one organization that holds keys when none is configured or asked", async () => {
    const local = createLocalBackend({ apiKeys, token: TOKEN });
    const secret = fakeApiKey();
    await create(local, { provider: "openai", name: "Org", provider_key: secret });
    for (let i = 0; i < 2; i++) {
      const answer = await local.resolve({ provider: "openai" });
      expect(answer.status === "resolved" && answer.credentials).toBe(secret);
      const named = await local.resolve({ provider: "openai", organization_id: ORG });
      expect(named.status === "resolved" && named.credentials).toBe(secret);
    }
    expect((await local.resolve({ provider: "openai", organization_id: "org_empty" })).status).toBe(
      "unassigned",
    );
  });
});
