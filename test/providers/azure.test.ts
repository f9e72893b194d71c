import { describe, expect, it } from "vitest";
import { azure, isAzureOpenAiHost } from "../../src/providers/azure.js";
import { parseProviderKey } from "../../src/providers/parse-provider-key.js";
import { providers } from "../../src/providers/registry.js";
import { expectNoLeak } from "../masking/leaks.js";
import { fakeAzure, fakeChars } from "./fixtures.js";
import { issueAt, rejectionOf } from "./rejection.js";

const credentials = fakeAzure(300);

describe("azure provider_key schema", () => {
  it("is the schema of the registry's azure entry", () => {
    expect(providers.azure).toBe(azure);
    expect(azure.schema.safeParse(credentials).success).toBe(true);
  });

  it("accepts { endpoint, api_key } as an object and as its JSON text", () => {
    expect(parseProviderKey("azure", credentials)).toEqual(credentials);
    expect(parseProviderKey("azure", JSON.stringify(credentials))).toEqual(credentials);
  });

  const password = fakeChars(24, 301);
  it.each<[string, Record<string, unknown>, string, RegExp]>([
    [
      "an http endpoint",
      { ...credentials, endpoint: "http://fake-resource.openai.azure.com" },
      "provider_key.endpoint",
      /must be an absolute https:\/\/ URL/,
    ],
    [
      "an endpoint with user:password",
      { ...credentials, endpoint: `https://admin:${password}@fake-resource.openai.azure.com` },
      "provider_key.endpoint",
      /must be an absolute https:\/\/ URL/,
    ],
    [
      "an endpoint with a user only",
      { ...credentials, endpoint: `https://${password}@fake-resource.openai.azure.com` },
      "provider_key.endpoint",
      /must be an absolute https:\/\/ URL/,
    ],
    [
      "an endpoint with a password and no user",
      { ...credentials, endpoint: `https://:${password}@fake-resource.openai.azure.com` },
      "provider_key.endpoint",
      /^must be an absolute https:\/\/ URL$/,
    ],
    [
      "a relative endpoint",
      { ...credentials, endpoint: "fake-resource.openai.azure.com" },
      "provider_key.endpoint",
      /must be an absolute https:\/\/ URL/,
    ],
    [
      "an endpoint that is not a string",
      { ...credentials, endpoint: { href: "https://x" } },
      "provider_key.endpoint",
      /must be an https URL/,
    ],
    [
      "an endpoint of 1 MB",
      { ...credentials, endpoint: `https://${"a".repeat(1 << 20)}.example` },
      "provider_key.endpoint",
      /must be at most 2048 characters/,
    ],
    [
      "a missing api_key",
      { endpoint: credentials.endpoint },
      "provider_key.api_key",
      /must be the API key, a string/,
    ],
    [
      "an api_key with a space",
      { ...credentials, api_key: `${credentials.api_key} x` },
      "provider_key.api_key",
      /must be printable ASCII with no spaces or line breaks/,
    ],
    [
      "an unknown field",
      { ...credentials, deployment: "gpt-4o" },
      "provider_key",
      /^has unknown field deployment$/,
    ],
  ])("rejects %s, naming the field and what it expects", (_, input, path, message) => {
    const error = rejectionOf(() => parseProviderKey("azure", input));
    expect(issueAt(error, path).message).toMatch(message);
    expectNoLeak(error, [credentials.api_key, password]);
  });

  it.each<[string, unknown]>([
    ["a number", 42],
    ["null", null],
    ["JSON text of an array", JSON.stringify([credentials])],
  ])("rejects %s, saying what provider_key must be", (_, input) => {
    const error = rejectionOf(() => parseProviderKey("azure", input));
    expect(error.issues).toEqual([
      { path: "provider_key", message: "must be an object { endpoint, api_key }" },
    ]);
    expectNoLeak(error, [credentials.api_key]);
  });

  it("rejects a bare string that is not JSON", () => {
    const error = rejectionOf(() => parseProviderKey("azure", credentials.api_key));
    expect(error.issues).toEqual([
      {
        path: "provider_key",
        message: "must be a JSON object or its JSON text; the text is not valid JSON",
      },
    ]);
    expectNoLeak(error, [credentials.api_key]);
  });

  it("names an unknown field that looks like a secret only as unknown fields", () => {
    const pasted = `sk-${fakeChars(40, 302)}`;
    const error = rejectionOf(() => parseProviderKey("azure", { ...credentials, [pasted]: 1 }));
    expect(error.issues).toEqual([{ path: "provider_key", message: "has unknown fields" }]);
    expectNoLeak(error, [pasted, credentials.api_key]);
  });
});

describe("isAzureOpenAiHost", () => {
  it.each([
    "my-resource.openai.azure.com",
    "MY-RESOURCE.OpenAI.Azure.com",
    "r1.cognitiveservices.azure.com",
    "r1.services.ai.azure.com",
    "gov.openai.azure.us",
    "gov.cognitiveservices.azure.us",
    "cn.openai.azure.cn",
    "cn.cognitiveservices.azure.cn",
    "r.openai.azure.com.",
  ])("accepts %s", (host) => {
    expect(isAzureOpenAiHost(host)).toBe(true);
  });

  it.each([
    "openai.azure.com",
    "a.b.openai.azure.com",
    "openai.azure.com.attacker.example",
    "evilopenai.azure.com",
    "my-apim.azure-api.net",
    "-bad.openai.azure.com",
    "bad-.openai.azure.com",
    "127.0.0.1",
    "localhost",
    "r.openai.azure.com.evil",
  ])("refuses %s", (host) => {
    expect(isAzureOpenAiHost(host)).toBe(false);
  });
});
