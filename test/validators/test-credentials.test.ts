import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { testCredentials } from "../../src/validators/test-credentials.js";
import type { Validator } from "../../src/validators/types.js";
import { expectNoFragmentOf, randomText, recordingFetch, useMswServer } from "./helpers.js";

const server = useMswServer();

const openaiKey = () => `sk-proj-${randomText(48)}`;

describe("testCredentials", () => {
  it("rejects a malformed key with a ValidationError and sends nothing", async () => {
    const { fetch, sent } = recordingFetch();
    const secret = `sk-${randomText(20)} ${randomText(12)}`;
    const error = await testCredentials("openai", secret, { fetch }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "ValidationError", issues: [{ path: "provider_key" }] });
    expectNoFragmentOf(error, secret);
    expectNoFragmentOf((error as Error).message, secret);
    expect(sent).toHaveLength(0);
  });

  it("rejects an unknown provider that has no validator", async () => {
    const { fetch, sent } = recordingFetch();
    await expect(testCredentials("cohere", "key-123456789", { fetch })).rejects.toMatchObject({
      name: "ValidationError",
      issues: [{ path: "provider", message: expect.stringContaining("options.validators") }],
    });
    expect(sent).toHaveLength(0);
  });

  it("rejects a timeoutMs that is not a positive number", async () => {
    await expect(testCredentials("openai", openaiKey(), { timeoutMs: 0 })).rejects.toMatchObject({
      name: "ValidationError",
      issues: [{ path: "options.timeoutMs" }],
    });
  });

  it("lets a custom validator replace a built-in one, with the parsed key, fetch and signal", async () => {
    const key = {
      global: { access_key_id: "AKIAABCDEFGHIJKLMNOP", secret_access_key: randomText(40) },
    };
    const seen: unknown[] = [];
    server.use(http.get("https://sts.example.test/", () => HttpResponse.json({ ok: true })));
    const validator: Validator = async (providerKey, { fetch, signal }) => {
      seen.push(providerKey, signal instanceof AbortSignal);
      const response = await fetch("https://sts.example.test/");
      return {
        ok: true,
        status: "valid",
        message: `checked with ${response.status}`,
        latency_ms: 0,
      };
    };
    const { fetch, sent } = recordingFetch();
    const result = await testCredentials("bedrock", JSON.stringify(key), {
      fetch,
      validators: { bedrock: validator },
    });
    expect(result).toMatchObject({ ok: true, status: "valid", message: "checked with 200" });
    expect(seen).toEqual([key, true]);
    expect(sent.map((r) => r.url)).toEqual(["https://sts.example.test/"]);
  });

  it("adds a validator for a provider byokit does not know, passing the key raw and scrubbing it", async () => {
    const secret = `co-${randomText(40)}`;
    const result = await testCredentials(
      "cohere",
      { token: secret },
      {
        validators: {
          cohere: async (providerKey) => ({
            ok: false,
            status: "invalid_credentials",
            message: `Cohere rejected ${(providerKey as { token: string }).token}`,
            http_status: 401,
            latency_ms: 0,
          }),
        },
      },
    );
    expect(result).toMatchObject({ ok: false, status: "invalid_credentials", http_status: 401 });
    expectNoFragmentOf(result, secret);
  });

  it("scrubs a custom validator's message and regions, and derives ok from status", async () => {
    const key = openaiKey();
    const result = await testCredentials("openai", key, {
      validators: {
        openai: async () => ({
          ok: true,
          status: "permission_denied",
          message: `denied for ${key}`,
          latency_ms: -5,
          regions: [
            { region: "x", ok: true, status: "valid", message: `fine ${key.slice(4, 20)}` },
          ],
        }),
      },
    });
    expect(result.ok).toBe(false);
    expect(result.latency_ms).toBeGreaterThanOrEqual(0);
    expectNoFragmentOf(result, key);
  });

  it("turns a custom validator's unknown status into unexpected_response", async () => {
    const result = await testCredentials("openai", openaiKey(), {
      validators: {
        openai: async () => ({ ok: true, status: "great" as never, message: "", latency_ms: 0 }),
      },
    });
    expect(result).toMatchObject({ ok: false, status: "unexpected_response" });
  });

  it("turns a custom validator that throws into unexpected_response, scrubbed", async () => {
    const key = openaiKey();
    const result = await testCredentials("openai", key, {
      validators: {
        openai: async () => {
          throw new Error(`boom with ${key}`);
        },
      },
    });
    expect(result).toMatchObject({ ok: false, status: "unexpected_response" });
    expect(result.message).toContain("The validator for OpenAI failed (boom with");
    expectNoFragmentOf(result, key);
  });

  it.each([
    ["nothing (the README's stub shape)", async () => {}],
    ["null", async () => null],
    ["a string", async () => "valid"],
    ["an array", async () => ["valid"]],
    ["a non-promise undefined", () => undefined],
    ["regions that are not an array", async () => ({ status: "valid", message: "", regions: 7 })],
    ["regions holding null", async () => ({ status: "valid", message: "", regions: [null] })],
  ])("turns a custom validator that returns %s into unexpected_response", async (_, validator) => {
    const result = await testCredentials("cohere", "co-1234567890", {
      validators: { cohere: validator as unknown as Validator },
    });
    expect(result).toMatchObject({ ok: false, status: "unexpected_response" });
    expect(result.message).toMatch(/^The validator for cohere (returned no result|failed)/);
  });

  it("turns a custom validator that throws synchronously into unexpected_response", async () => {
    const result = await testCredentials("cohere", "co-1234567890", {
      validators: {
        cohere: (() => {
          throw new TypeError("not a promise");
        }) as unknown as Validator,
      },
    });
    expect(result).toMatchObject({ ok: false, status: "unexpected_response" });
    expect(result.message).toContain("The validator for cohere failed (not a promise)");
  });

  it("times out a custom validator that ignores its signal", async () => {
    const result = await testCredentials("openai", openaiKey(), {
      timeoutMs: 20,
      validators: { openai: () => new Promise(() => {}) },
    });
    expect(result).toMatchObject({ ok: false, status: "timeout" });
    expect(result.message).toBe(
      "OpenAI did not answer within 20 ms; test again, or raise timeoutMs.",
    );
  });

  it("uses the global fetch by default", async () => {
    let called = 0;
    server.use(
      http.get("https://api.mistral.ai/v1/models", () => {
        called++;
        return HttpResponse.json({ object: "list", data: [] });
      }),
    );
    const result = await testCredentials("mistral", randomText(32));
    expect(result.status).toBe("valid");
    expect(called).toBe(1);
  });

  it("returns only the documented fields", async () => {
    server.use(
      http.get("https://api.openai.com/v1/models", () =>
        HttpResponse.json({ object: "list", data: [] }),
      ),
    );
    const result = await testCredentials("openai", openaiKey());
    expect(Object.keys(result).sort()).toEqual([
      "http_status",
      "latency_ms",
      "message",
      "ok",
      "status",
    ]);
  });
});
