/**
 * The bodies of create, update and test: what is refused before sending, how credentials go on
 * the wire, and that the credentials a call sent never come back in its error.
 */
import { inspect } from "node:util";
import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { ApiError } from "../../src/errors/index.js";
import { fakeAwsRegion } from "./fixtures.js";
import { API, apiError, record, testClient, useMockServer } from "./harness.js";

const { server, sent, bodyOf, refusal } = useMockServer();
const client = testClient({ maxRetries: 0 });

/** Synthetic, and of no well-known shape: only the call's own list of secrets can scrub it. */
const MISTRAL_KEY = "mistralFAKEkey0123456789abcdefQRST";

const PROVIDER_ISSUE = {
  path: "provider",
  message:
    "must be one of anthropic, openai, google_vertex_ai, mistral, deepseek, xai, zai, bedrock, azure",
};

describe("providerKeys.test refuses before sending", () => {
  it.each([
    ["null", null],
    ["a string", "openai"],
    ["a number", 1],
  ])("%s instead of { provider, provider_key }", async (_label, input) => {
    const error = await refusal(() => client.providerKeys.test(input as never));
    expect(error.issues).toEqual([
      { path: "", message: "must be an object { provider, provider_key }" },
    ]);
  });

  it.each([
    ["an unknown provider", { provider: "openai2", provider_key: MISTRAL_KEY }],
    ["no provider", { provider_key: MISTRAL_KEY }],
  ])("%s", async (_label, input) => {
    const error = await refusal(() => client.providerKeys.test(input as never));
    expect(error.issues).toEqual([PROVIDER_ISSUE]);
  });
});

describe("credentials on the wire", () => {
  it("creates with the provider, the name, the API key as is and the API key ids", async () => {
    server.use(
      http.post(`${API}/provider-keys`, () => HttpResponse.json(record(), { status: 201 })),
    );
    await client.providerKeys.create({
      provider: "mistral",
      name: "Mistral",
      provider_key: MISTRAL_KEY,
      api_key_ids: ["key_1"],
    });
    expect(await bodyOf(0)).toEqual({
      provider: "mistral",
      name: "Mistral",
      provider_key: MISTRAL_KEY,
      api_key_ids: ["key_1"],
    });
  });

  it("tests an API key as is", async () => {
    server.use(
      http.post(`${API}/provider-keys/test`, () =>
        HttpResponse.json({ ok: true, status: "valid", message: "ok", latency_ms: 3 }),
      ),
    );
    await client.providerKeys.test({ provider: "mistral", provider_key: MISTRAL_KEY });
    expect(await bodyOf(0)).toEqual({ provider: "mistral", provider_key: MISTRAL_KEY });
  });

  it("updates a Bedrock region map as its JSON text", async () => {
    server.use(http.post(`${API}/provider-keys/pk_1`, () => HttpResponse.json(record())));
    const regions = { "eu-west-1": fakeAwsRegion() };
    await client.providerKeys.update("pk_1", { name: "AWS", provider_key: regions });
    const body = (await bodyOf(0)) as { name: string; provider_key: string };
    expect(body.name).toBe("AWS");
    expect(JSON.parse(body.provider_key)).toEqual(regions);
  });

  it("tests a Bedrock region map as its JSON text", async () => {
    server.use(
      http.post(`${API}/provider-keys/test`, () =>
        HttpResponse.json({ ok: true, status: "valid", message: "ok", latency_ms: 3 }),
      ),
    );
    const regions = { "eu-west-1": fakeAwsRegion() };
    await client.providerKeys.test({ provider: "bedrock", provider_key: regions });
    const body = (await bodyOf(0)) as { provider: string; provider_key: string };
    expect(body.provider).toBe("bedrock");
    expect(JSON.parse(body.provider_key)).toEqual(regions);
  });

  it("sends an update without provider_key when the patch leaves it out", async () => {
    server.use(http.post(`${API}/provider-keys/pk_1`, () => HttpResponse.json(record())));
    await client.providerKeys.update("pk_1", { name: "renamed" });
    expect(await sent[0]?.body).toBe('{"name":"renamed"}');
  });
});

describe("an error answer that quotes the credentials sent", () => {
  const quoting = () =>
    apiError(400, "invalid_request_error", `provider rejected ${MISTRAL_KEY} as invalid`);

  it.each([
    [
      "create",
      () => {
        server.use(http.post(`${API}/provider-keys`, quoting));
        return client.providerKeys.create({
          provider: "mistral",
          name: "Mistral",
          provider_key: MISTRAL_KEY,
        });
      },
    ],
    [
      "update",
      () => {
        server.use(http.post(`${API}/provider-keys/pk_1`, quoting));
        return client.providerKeys.update("pk_1", { provider_key: MISTRAL_KEY });
      },
    ],
    [
      "test",
      () => {
        server.use(http.post(`${API}/provider-keys/test`, quoting));
        return client.providerKeys.test({ provider: "mistral", provider_key: MISTRAL_KEY });
      },
    ],
  ])("%s: the error never repeats them", async (_label, call) => {
    const error = await call().then(
      () => expect.fail("expected the call to fail"),
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    expect((error as ApiError).message).toContain("provider rejected");
    expect(inspect(error, { depth: 5 })).not.toContain(MISTRAL_KEY.slice(0, 12));
    expect(inspect(error, { depth: 5 })).not.toContain(MISTRAL_KEY.slice(-12));
  });
});
