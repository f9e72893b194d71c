import { describe, expect, it, vi } from "vitest";
import { createLocalBackend } from "../../src/local/create-local-backend.js";
import type { Validator } from "../../src/validators/types.js";
import { call, fakeApiKey, fakeRegion, TOKEN } from "./helpers.js";

const apiKeys = [{ id: "key_staging", name: "Staging" }];

async function createBedrock(
  local: ReturnType<typeof createLocalBackend>,
  regions: Record<string, ReturnType<typeof fakeRegion>>,
  fields: Record<string, unknown> = {},
) {
  const response = await call(local, "POST", "/provider-keys", {
    body: { provider: "bedrock", name: "AWS", provider_key: regions, ...fields },
  });
  expect(response.status).toBe(201);
  return response.json;
}

describe("Bedrock edits per region", () => {
  it("keeps a region's secret when it is sent without one, adds and removes regions", async () => {
    const local = createLocalBackend({ apiKeys, token: TOKEN });
    const euWest1 = fakeRegion({ sessionToken: true });
    const usEast1 = fakeRegion();
    const record = await createBedrock(local, { "eu-west-1": euWest1, "us-east-1": usEast1 });
    const global = fakeRegion();
    const response = await call(local, "PATCH", `/provider-keys/${record.id}`, {
      body: {
        provider_key: JSON.stringify({
          "eu-west-1": { access_key_id: euWest1.access_key_id },
          global,
        }),
      },
    });
    expect(response.status).toBe(200);
    expect(response.json.preview.regions.map((r: { region: string }) => r.region)).toEqual([
      "eu-west-1",
      "global",
    ]);
    const inEu = await local.resolve({ provider: "bedrock", region: "eu-west-1" });
    expect(inEu.status === "resolved" && inEu.credentials).toEqual(euWest1);
    const inUs = await local.resolve({ provider: "bedrock", region: "us-east-1" });
    expect(inUs.status === "resolved" && inUs.region).toEqual({
      requested: "us-east-1",
      matched: "global",
    });
    expect(inUs.status === "resolved" && inUs.credentials).toEqual(global);
    const noRegion = await local.resolve({ provider: "bedrock" });
    expect(noRegion.status === "resolved" && noRegion.credentials).toEqual(global);
  });

  it("refuses a new region without its secret, naming it, and writes nothing", async () => {
    const local = createLocalBackend({ apiKeys, token: TOKEN });
    const euWest1 = fakeRegion();
    const record = await createBedrock(local, { "eu-west-1": euWest1 });
    const response = await call(local, "PATCH", `/provider-keys/${record.id}`, {
      body: {
        name: "renamed",
        provider_key: {
          "eu-west-1": { access_key_id: euWest1.access_key_id },
          "eu-west-3": { access_key_id: fakeRegion().access_key_id },
        },
      },
    });
    expect(response.status).toBe(400);
    expect(response.json.error.params).toEqual([
      {
        param: "provider_key.eu-west-3.secret_access_key",
        message: "is required for a region that has no stored credentials",
      },
    ]);
    expect((await call(local, "GET", `/provider-keys/${record.id}`)).json).toEqual(record);
  });

  it("keeps a region sent as {} whole, so an editor showing masked ids can add a region", async () => {
    const local = createLocalBackend({ apiKeys, token: TOKEN });
    const euWest1 = fakeRegion({ sessionToken: true });
    const record = await createBedrock(local, { "eu-west-1": euWest1 });
    const global = fakeRegion();
    const response = await call(local, "PATCH", `/provider-keys/${record.id}`, {
      body: { provider_key: { "eu-west-1": {}, global } },
    });
    expect(response.status).toBe(200);
    const inEu = await local.resolve({ provider: "bedrock", region: "eu-west-1" });
    expect(inEu.status === "resolved" && inEu.credentials).toEqual(euWest1);
    const elsewhere = await local.resolve({ provider: "bedrock", region: "ap-south-1" });
    expect(elsewhere.status === "resolved" && elsewhere.credentials).toEqual(global);
  });

  it("refuses {} for a new region and a secret without its access key id, writing nothing", async () => {
    const local = createLocalBackend({ apiKeys, token: TOKEN });
    const euWest1 = fakeRegion();
    const record = await createBedrock(local, { "eu-west-1": euWest1 });
    const response = await call(local, "PATCH", `/provider-keys/${record.id}`, {
      body: {
        provider_key: {
          "eu-west-1": { secret_access_key: fakeRegion().secret_access_key },
          "us-east-1": {},
        },
      },
    });
    expect(response.status).toBe(400);
    expect(response.json.error.params.map((p: { param: string }) => p.param)).toEqual([
      "provider_key.eu-west-1.access_key_id",
      "provider_key.us-east-1.secret_access_key",
    ]);
    expect((await call(local, "GET", `/provider-keys/${record.id}`)).json).toEqual(record);
  });

  it("needs the secret again when a region's access key id changes", async () => {
    const local = createLocalBackend({ apiKeys, token: TOKEN });
    const record = await createBedrock(local, { global: fakeRegion() });
    const response = await call(local, "PATCH", `/provider-keys/${record.id}`, {
      body: { provider_key: { global: { access_key_id: fakeRegion().access_key_id } } },
    });
    expect(response.status).toBe(400);
    expect(response.json.error.params[0].param).toBe("provider_key.global.secret_access_key");
  });

  it("never shows a Bedrock secret in a response", async () => {
    const local = createLocalBackend({ apiKeys, token: TOKEN });
    const region = fakeRegion({ sessionToken: true });
    const record = await createBedrock(local, { global: region });
    const text = JSON.stringify(record);
    expect(text).not.toContain(region.secret_access_key);
    expect(text).not.toContain(region.session_token);
    expect(text).not.toContain(region.access_key_id);
  });
});

describe("resolution", () => {
  it("answers POST /provider-keys/resolve with the masked resolution and explanation", async () => {
    const local = createLocalBackend({ apiKeys, token: TOKEN });
    const orgKey = (
      await call(local, "POST", "/provider-keys", {
        body: { provider: "openai", name: "Org", provider_key: fakeApiKey() },
      })
    ).json;
    const stagingKey = (
      await call(local, "POST", "/provider-keys", {
        body: {
          provider: "openai",
          name: "Staging",
          provider_key: fakeApiKey(),
          api_key_ids: ["key_staging"],
        },
      })
    ).json;
    const staging = await call(local, "POST", "/provider-keys/resolve", {
      body: { provider: "openai", api_key_id: "key_staging" },
    });
    expect(staging.status).toBe(200);
    expect(staging.json).toMatchObject({ status: "resolved", scope: "api_key", key: stagingKey });
    expect(typeof staging.json.explanation).toBe("string");
    const other = await call(local, "POST", "/provider-keys/resolve", {
      body: { provider: "openai", api_key_id: "key_other" },
    });
    expect(other.json).toMatchObject({ status: "resolved", scope: "organization", key: orgKey });
    const none = await call(local, "POST", "/provider-keys/resolve", {
      body: { provider: "mistral" },
    });
    expect(none.json.status).toBe("unassigned");
  });

  it("follows writes without a rebuild: a deactivated key stops resolving", async () => {
    const local = createLocalBackend({ apiKeys, token: TOKEN });
    const secret = fakeApiKey();
    const key = (
      await call(local, "POST", "/provider-keys", {
        body: { provider: "openai", name: "Org", provider_key: secret },
      })
    ).json;
    const before = await local.resolve({ provider: "openai" });
    expect(before.status === "resolved" && before.credentials).toBe(secret);
    await call(local, "PATCH", `/provider-keys/${key.id}`, { body: { active: false } });
    expect((await local.resolve({ provider: "openai" })).status).toBe("unassigned");
    await call(local, "DELETE", `/provider-keys/${key.id}`);
    expect((await local.resolve({ provider: "openai" })).status).toBe("unassigned");
  });

  it("answers region_unavailable without consulting the organization scope", async () => {
    const local = createLocalBackend({ apiKeys, token: TOKEN });
    await createBedrock(local, { global: fakeRegion() });
    await createBedrock(local, { "eu-west-1": fakeRegion() }, { api_key_ids: ["key_staging"] });
    const answer = await call(local, "POST", "/provider-keys/resolve", {
      body: { provider: "bedrock", api_key_id: "key_staging", region: "us-east-1" },
    });
    expect(answer.json).toMatchObject({ status: "region_unavailable", scope: "api_key" });
    const local2 = await local.resolve({
      provider: "bedrock",
      api_key_id: "key_staging",
      region: "us-east-1",
    });
    expect(local2.status).toBe("region_unavailable");
    expect("credentials" in local2).toBe(false);
  });

  it("answers 400 naming the field for a bad query", async () => {
    const local = createLocalBackend({ token: TOKEN });
    const unknown = await call(local, "POST", "/provider-keys/resolve", {
      body: { provider: "nope" },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.params[0].param).toBe("provider");
    const badRegion = await call(local, "POST", "/provider-keys/resolve", {
      body: { provider: "bedrock", region: "mars-north-1" },
    });
    expect(badRegion.status).toBe(400);
    expect(badRegion.json.error.params[0].param).toBe("region");
    await expect(local.resolve({ provider: "nope" as "openai" })).rejects.toThrow(/provider/);
  });

  it("asks for organization_id when several organizations hold keys", async () => {
    const local = createLocalBackend({ token: TOKEN });
    for (const org of ["org_a", "org_b"]) {
      await local.fetch(`http://localhost/v1/organizations/${org}/provider-keys`, {
        method: "POST",
        headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" },
        body: JSON.stringify({ provider: "openai", name: org, provider_key: fakeApiKey() }),
      });
    }
    await expect(local.resolve({ provider: "openai" })).rejects.toThrow(/organization_id/);
    const inB = await local.resolve({ provider: "openai", organization_id: "org_b" });
    expect(inB.status === "resolved" && inB.key.name).toBe("org_b");
  });
});

describe("credential tests", () => {
  const validResult = { ok: true, status: "valid", message: "works", latency_ms: 3 } as const;

  it("runs the injected validator on the parsed credentials before saving", async () => {
    const openai = vi.fn<Validator>(async () => validResult);
    const local = createLocalBackend({ token: TOKEN, validators: { openai } });
    const secret = fakeApiKey();
    const response = await call(local, "POST", "/provider-keys/test", {
      body: { provider: "openai", provider_key: secret },
    });
    expect(response.status).toBe(200);
    // testCredentials measures latency itself; the rest is the validator's answer.
    expect(response.json).toMatchObject({ ok: true, status: "valid", message: "works" });
    expect(typeof response.json.latency_ms).toBe("number");
    expect(openai).toHaveBeenCalledOnce();
    expect(openai.mock.calls[0]![0]).toBe(secret);
  });

  it("tests a stored key with its stored secret, and scrubs an echoed secret", async () => {
    const seen: unknown[] = [];
    const bedrock: Validator = async (credentials) => {
      seen.push(credentials);
      const key = Object.values(credentials as Record<string, { secret_access_key: string }>)[0]!;
      return {
        ok: false,
        status: "invalid_credentials",
        message: `provider said: bad secret ${key.secret_access_key}`,
        latency_ms: 1,
      };
    };
    const local = createLocalBackend({ token: TOKEN, validators: { bedrock } });
    const region = fakeRegion();
    const record = await createBedrock(local, { "eu-west-1": region });
    const response = await call(local, "POST", `/provider-keys/${record.id}/test`);
    expect(response.status).toBe(200);
    expect(seen).toEqual([{ "eu-west-1": region }]);
    expect(response.json.status).toBe("invalid_credentials");
    expect(response.text).not.toContain(region.secret_access_key.slice(4, 20));
    expect(response.json.message).toContain("[REDACTED]");
  });

  it("answers 400 for bad test input and 404 for an unknown stored key, sending nothing", async () => {
    const sent: Request[] = [];
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      sent.push(new Request(input, init));
      return new Response("{}", { status: 500 });
    };
    const local = createLocalBackend({ token: TOKEN, fetch });
    const bad = await call(local, "POST", "/provider-keys/test", {
      body: { provider: "openai", provider_key: "x" },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.params[0].param).toBe("provider_key");
    const unknown = await call(local, "POST", "/provider-keys/test", {
      body: { provider: "acme", provider_key: fakeApiKey() },
    });
    expect(unknown.status).toBe(400);
    expect((await call(local, "POST", "/provider-keys/pk_missing/test")).status).toBe(404);
    expect(sent).toEqual([]);
  });

  it("accepts a provider byokit does not know when a validator was given for it", async () => {
    const local = createLocalBackend({
      token: TOKEN,
      validators: { acme: async (key) => ({ ...validResult, message: `got ${typeof key}` }) },
    });
    const response = await call(local, "POST", "/provider-keys/test", {
      body: { provider: "acme", provider_key: { token: "FAKE-token-value" } },
    });
    expect(response.json).toMatchObject({ ok: true, message: "got object" });
  });
});

describe("local.resolve()", () => {
  it("hands out the secret as answer.credentials, but not when the answer is logged", async () => {
    const { inspect } = await import("node:util");
    const local = createLocalBackend({ apiKeys, token: TOKEN });
    const secret = fakeApiKey();
    await call(local, "POST", "/provider-keys", {
      body: { provider: "openai", name: "Org", provider_key: secret },
    });
    const answer = await local.resolve({ provider: "openai" });
    expect(answer.status === "resolved" && answer.credentials).toBe(secret);
    for (const printed of [
      JSON.stringify(answer),
      inspect(answer, { depth: 5 }),
      JSON.stringify({ ...answer }),
    ]) {
      expect(printed).not.toContain(secret.slice(-12));
    }
  });

  it("no generic inspection prints answer.credentials (%o, showHidden, descriptors, clones)", async () => {
    const { format, inspect } = await import("node:util");
    const local = createLocalBackend({ apiKeys, token: TOKEN });
    const secret = fakeApiKey();
    await call(local, "POST", "/provider-keys", {
      body: { provider: "openai", name: "Org", provider_key: secret },
    });
    const answer = await local.resolve({ provider: "openai" });
    expect(answer.status === "resolved" && answer.credentials).toBe(secret);
    const logged: string[] = [];
    const original = console.log;
    console.log = (...args: unknown[]) => logged.push(format(...args));
    try {
      console.log(answer);
      console.log("%o", answer);
    } finally {
      console.log = original;
    }
    for (const printed of [
      ...logged,
      format("%o", answer),
      format("%O", answer),
      format("%j", answer),
      inspect(answer, { showHidden: true, depth: 10 }),
      inspect(Object.getOwnPropertyDescriptors(answer), { showHidden: true, depth: 10 }),
      JSON.stringify(Object.getOwnPropertyDescriptors(answer)),
      JSON.stringify(structuredClone(answer)),
      inspect(structuredClone(answer), { showHidden: true, depth: 10 }),
      JSON.stringify(Object.assign({}, answer)),
      JSON.stringify(Reflect.ownKeys(answer).map((key) => String(key))),
    ]) {
      expect(printed).not.toContain(secret.slice(-12));
    }
    const { credentials: _hidden, ...rest } = answer as { credentials?: unknown };
    expect(JSON.stringify(rest)).not.toContain(secret.slice(-12));
  });
});
