import { delay, HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { testCredentials } from "../../src/validators/test-credentials.js";
import type { CredentialStatus } from "../../src/validators/types.js";
import { expectNoFragmentOf, randomText, recordingFetch, useMswServer } from "./helpers.js";

const server = useMswServer();

interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

interface ProviderCase {
  readonly provider: "anthropic" | "openai" | "xai" | "mistral" | "deepseek" | "zai" | "azure";
  readonly credentials: unknown;
  readonly secret: string;
  /** The route msw serves (no query). */
  readonly route: string;
  /** The full URL the probe must request. */
  readonly url: string;
  readonly expectAuth: (request: Request) => void;
  readonly success: unknown;
  readonly invalid: Answer;
  /** Absent where PROVIDERS.md documents no such answer. */
  readonly permission?: Answer;
  readonly quota?: Answer;
  readonly rateLimit: Answer;
  readonly serverError: Answer;
  /** An error answer that quotes the whole key back. */
  readonly echo: (secret: string) => Answer;
}

const bearer = (secret: string) => (request: Request) => {
  expect(request.headers.get("authorization")).toBe(`Bearer ${secret}`);
  expect(request.headers.get("x-api-key")).toBeNull();
};

const openaiKey = `sk-proj-${randomText(40)}T3BlbkFJ${randomText(40)}`;
const anthropicKey = `sk-ant-api03-${randomText(93)}AA`;
const xaiKey = `xai-${randomText(80)}`;
const mistralKey = randomText(32);
const deepseekKey = `sk-${randomText(32, "0123456789abcdef")}`;
const zaiKey = `${randomText(32, "0123456789abcdef")}.${randomText(16)}`;
const azureKey = randomText(32, "0123456789abcdef");

const cases: ProviderCase[] = [
  {
    provider: "openai",
    credentials: openaiKey,
    secret: openaiKey,
    route: "https://api.openai.com/v1/models",
    url: "https://api.openai.com/v1/models",
    expectAuth: bearer(openaiKey),
    success: { object: "list", data: [{ id: "gpt-4o", object: "model" }] },
    invalid: {
      status: 401,
      body: {
        error: {
          message:
            "Incorrect API key provided: sk-proj-****wxyz. You can find your API key at https://platform.openai.com/account/api-keys.",
          type: "invalid_request_error",
          param: null,
          code: "invalid_api_key",
        },
      },
    },
    permission: {
      status: 401,
      body: {
        error: {
          message:
            "You have insufficient permissions for this operation. Missing scopes: api.model.read. Check that you have the correct role in your organization.",
          type: "invalid_request_error",
          param: null,
          code: null,
        },
      },
    },
    quota: {
      status: 429,
      body: {
        error: {
          message: "You exceeded your current quota, please check your plan and billing details.",
          type: "insufficient_quota",
          param: null,
          code: "insufficient_quota",
        },
      },
    },
    rateLimit: {
      status: 429,
      body: {
        error: {
          message: "Rate limit reached for requests",
          type: "requests",
          code: "rate_limit_exceeded",
        },
      },
      headers: { "retry-after": "20" },
    },
    serverError: {
      status: 500,
      body: { error: { message: "The server had an error", type: "server_error" } },
    },
    echo: (secret) => ({
      status: 401,
      body: {
        error: { message: `Incorrect API key provided: ${secret}.`, code: "invalid_api_key" },
      },
    }),
  },
  {
    provider: "anthropic",
    credentials: anthropicKey,
    secret: anthropicKey,
    route: "https://api.anthropic.com/v1/models",
    url: "https://api.anthropic.com/v1/models",
    expectAuth: (request) => {
      expect(request.headers.get("x-api-key")).toBe(anthropicKey);
      expect(request.headers.get("anthropic-version")).toBe("2023-06-01");
      expect(request.headers.get("authorization")).toBeNull();
      // Node is not a browser: the direct-browser-access opt-in is not sent.
      expect(request.headers.get("anthropic-dangerous-direct-browser-access")).toBeNull();
    },
    success: {
      data: [{ id: "claude-sonnet-4", type: "model" }],
      has_more: false,
      first_id: "a",
      last_id: "a",
    },
    invalid: {
      status: 401,
      body: {
        type: "error",
        error: { type: "authentication_error", message: "invalid x-api-key" },
      },
    },
    permission: {
      status: 403,
      body: {
        type: "error",
        error: {
          type: "permission_error",
          message: "Your API key does not have permission to use the specified resource.",
        },
      },
    },
    quota: {
      status: 400,
      body: {
        type: "error",
        error: {
          type: "invalid_request_error",
          message:
            "Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.",
        },
      },
    },
    rateLimit: {
      status: 429,
      body: {
        type: "error",
        error: {
          type: "rate_limit_error",
          message: "Number of requests has exceeded your rate limit.",
        },
      },
      headers: { "retry-after": "17" },
    },
    serverError: {
      status: 529,
      body: { type: "error", error: { type: "overloaded_error", message: "Overloaded" } },
    },
    echo: (secret) => ({
      status: 401,
      body: {
        type: "error",
        error: { type: "authentication_error", message: `invalid x-api-key ${secret}` },
      },
    }),
  },
  {
    provider: "xai",
    credentials: xaiKey,
    secret: xaiKey,
    route: "https://api.x.ai/v1/api-key",
    url: "https://api.x.ai/v1/api-key",
    expectAuth: bearer(xaiKey),
    success: {
      redacted_api_key: "xai-...abcd",
      user_id: "u-1",
      name: "byokit test",
      team_id: "t-1",
      acls: ["api-key:model:*", "api-key:endpoint:*"],
      api_key_id: "k-1",
      team_blocked: false,
      api_key_blocked: false,
      api_key_disabled: false,
    },
    invalid: {
      status: 400,
      body: {
        code: "Client specified an invalid argument",
        error:
          "Incorrect API key provided: xa***cd. You can obtain an API key from https://console.x.ai.",
      },
    },
    permission: {
      status: 403,
      body: {
        code: "The caller does not have permission",
        error: "The API key may not call this endpoint.",
      },
    },
    quota: {
      status: 403,
      body: {
        code: "The caller does not have permission to execute the specified operation",
        error:
          "Your newly created team doesn't have any credits yet. You can purchase credits on https://console.x.ai.",
      },
    },
    rateLimit: {
      status: 429,
      body: { error: "Too many requests" },
      headers: { "retry-after": "3" },
    },
    serverError: { status: 503, body: { error: "Service unavailable" } },
    echo: (secret) => ({ status: 400, body: { error: `Incorrect API key provided: ${secret}.` } }),
  },
  {
    provider: "mistral",
    credentials: mistralKey,
    secret: mistralKey,
    route: "https://api.mistral.ai/v1/models",
    url: "https://api.mistral.ai/v1/models",
    expectAuth: (request) => {
      bearer(mistralKey)(request);
      // Mistral's CORS allow-list is strict: nothing but the credential is sent.
      expect([...request.headers.keys()]).toEqual(["authorization"]);
    },
    success: { object: "list", data: [{ id: "mistral-small-latest", object: "model" }] },
    invalid: { status: 401, body: { message: "Unauthorized", request_id: "r-1" } },
    permission: { status: 403, body: { message: "Forbidden" } },
    rateLimit: {
      status: 429,
      body: { message: "Requests rate limit exceeded" },
      headers: { "retry-after": "2" },
    },
    serverError: { status: 502, body: { message: "Bad gateway" } },
    echo: (secret) => ({ status: 401, body: { detail: `Unauthorized key ${secret}` } }),
  },
  {
    provider: "deepseek",
    credentials: deepseekKey,
    secret: deepseekKey,
    route: "https://api.deepseek.com/models",
    url: "https://api.deepseek.com/models",
    expectAuth: bearer(deepseekKey),
    success: {
      object: "list",
      data: [{ id: "deepseek-chat", object: "model", owned_by: "deepseek" }],
    },
    invalid: {
      status: 401,
      body: {
        error: {
          message: "Authentication Fails, Your api key: ****abcd is invalid",
          type: "authentication_error",
          param: null,
          code: "invalid_request_error",
        },
      },
    },
    // PROVIDERS.md documents no permission answer for DeepSeek.
    quota: {
      status: 402,
      body: { error: { message: "Insufficient Balance", type: "unknown_error" } },
    },
    rateLimit: {
      status: 429,
      body: { error: { message: "Rate limit reached" } },
      headers: { "retry-after": "9" },
    },
    serverError: { status: 503, body: { error: { message: "Server overloaded" } } },
    echo: (secret) => ({
      status: 401,
      body: { error: { message: `Authentication Fails, Your api key: ${secret} is invalid` } },
    }),
  },
  {
    provider: "zai",
    credentials: zaiKey,
    secret: zaiKey,
    route: "https://api.z.ai/api/paas/v4/models",
    url: "https://api.z.ai/api/paas/v4/models",
    expectAuth: bearer(zaiKey),
    success: { object: "list", data: [{ id: "glm-4.6", object: "model" }] },
    invalid: {
      status: 401,
      body: { error: { code: "1002", message: "Authorization Token is invalid." } },
    },
    permission: {
      status: 403,
      body: { error: { code: "1220", message: "You do not have permission to access this API." } },
    },
    quota: {
      status: 429,
      body: { error: { code: "1113", message: "Insufficient balance or no resource package." } },
    },
    rateLimit: {
      status: 429,
      body: {
        error: {
          code: "1302",
          message: "High concurrency usage of this API, please reduce concurrency.",
        },
      },
      headers: { "retry-after": "4" },
    },
    serverError: { status: 500, body: { error: { code: "500", message: "Internal error" } } },
    echo: (secret) => ({
      status: 401,
      body: { error: { code: 1004, message: `Invalid key ${secret}` } },
    }),
  },
  {
    provider: "azure",
    credentials: { endpoint: "https://byokit-test.openai.azure.com/", api_key: azureKey },
    secret: azureKey,
    route: "https://byokit-test.openai.azure.com/openai/models",
    url: "https://byokit-test.openai.azure.com/openai/models?api-version=2024-10-21",
    expectAuth: (request) => {
      expect(request.headers.get("api-key")).toBe(azureKey);
      expect(request.headers.get("authorization")).toBeNull();
    },
    success: { data: [{ id: "gpt-4o", object: "model" }], object: "list" },
    invalid: {
      status: 401,
      body: {
        error: {
          code: "401",
          message:
            "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key.",
        },
      },
    },
    permission: {
      status: 403,
      body: { error: { code: "PermissionDenied", message: "Principal does not have access." } },
    },
    rateLimit: {
      status: 429,
      body: { error: { code: "429", message: "Requests have exceeded the call rate limit." } },
      headers: { "retry-after": "5" },
    },
    serverError: {
      status: 500,
      body: { error: { code: "InternalServerError", message: "Backend error" } },
    },
    echo: (secret) => ({
      status: 401,
      body: { error: { code: "401", message: `Key ${secret} is not valid.` } },
    }),
  },
];

function serve(route: string, answer: Answer | (() => Response | Promise<Response>)) {
  server.use(
    http.get(route, () =>
      typeof answer === "function"
        ? answer()
        : HttpResponse.json(answer.body as never, {
            status: answer.status,
            headers: answer.headers ?? {},
          }),
    ),
  );
}

describe.each(cases)("$provider", (spec) => {
  async function probe(
    answer: Answer | (() => Response | Promise<Response>),
    expected: CredentialStatus,
  ) {
    serve(spec.route, answer);
    const { fetch, sent } = recordingFetch();
    const result = await testCredentials(spec.provider, spec.credentials, {
      fetch,
      timeoutMs: 2000,
    });
    expect(result.status).toBe(expected);
    expect(result.ok).toBe(expected === "valid");
    expect(result.latency_ms).toBeGreaterThanOrEqual(0);
    expect(sent).toHaveLength(1);
    const [request] = sent as [Request];
    expect(request.url).toBe(spec.url);
    expect(request.method).toBe("GET");
    spec.expectAuth(request);
    expectNoFragmentOf(result, spec.secret);
    return result;
  }

  it("answers valid when the provider accepts the key", async () => {
    const result = await probe(() => HttpResponse.json(spec.success as never), "valid");
    expect(result.http_status).toBe(200);
  });

  it("answers invalid_credentials when the provider rejects the key", async () => {
    const result = await probe(spec.invalid, "invalid_credentials");
    expect(result.http_status).toBe(spec.invalid.status);
    expect(result.message).toMatch(/check|create a new/i);
  });

  const documented = [
    ["permission_denied", "the key lacks permission", spec.permission],
    ["quota_exceeded", "the account is out of credit", spec.quota],
  ].filter((row): row is [CredentialStatus, string, Answer] => row[2] !== undefined);

  it.each(documented)("answers %s when %s", async (status, _when, answer) => {
    const result = await probe(answer, status);
    expect(result.http_status).toBe(answer.status);
  });

  it("answers rate_limited with the Retry-After the provider sent", async () => {
    const result = await probe(spec.rateLimit, "rate_limited");
    const seconds = Number(spec.rateLimit.headers?.["retry-after"]);
    expect(result.retry_after_ms).toBe(seconds * 1000);
    expect(result.message).toContain(`wait ${seconds} s`);
  });

  it("answers unexpected_response on a server error", async () => {
    const result = await probe(spec.serverError, "unexpected_response");
    expect(result.http_status).toBe(spec.serverError.status);
    expect(result.message).toMatch(/again/);
  });

  it("answers unexpected_response on a malformed body", async () => {
    await probe(
      () => new HttpResponse("<html>gateway says hi</html>", { status: 200 }),
      "unexpected_response",
    );
  });

  it("answers unexpected_response on an empty body", async () => {
    await probe(() => new HttpResponse(null, { status: 200 }), "unexpected_response");
  });

  it("answers timeout when the provider never answers", async () => {
    serve(spec.route, async () => {
      await delay("infinite");
      return HttpResponse.json({});
    });
    const result = await testCredentials(spec.provider, spec.credentials, { timeoutMs: 30 });
    expect(result).toMatchObject({ ok: false, status: "timeout" });
    expect(result.message).toContain("30 ms");
    expect(result.http_status).toBeUndefined();
  });

  it("answers network_error when fetch throws", async () => {
    serve(spec.route, () => HttpResponse.error());
    const result = await testCredentials(spec.provider, spec.credentials);
    expect(result).toMatchObject({ ok: false, status: "network_error" });
    expect(result.message).toContain(`Could not reach ${new URL(spec.url).host}`);
  });

  it("rejects with the caller's reason when the caller aborts mid-request", async () => {
    const controller = new AbortController();
    const reason = new Error("user closed the dialog");
    serve(spec.route, async () => {
      controller.abort(reason);
      await delay("infinite");
      return HttpResponse.json({});
    });
    await expect(
      testCredentials(spec.provider, spec.credentials, { signal: controller.signal }),
    ).rejects.toBe(reason);
  });

  it("sends nothing when the signal is already aborted", async () => {
    const { fetch, sent } = recordingFetch();
    const controller = new AbortController();
    controller.abort();
    await expect(
      testCredentials(spec.provider, spec.credentials, { fetch, signal: controller.signal }),
    ).rejects.toMatchObject({ name: "AbortError" });
    expect(sent).toHaveLength(0);
  });

  it("scrubs the key from the result when the provider echoes it whole", async () => {
    const result = await probe(spec.echo(spec.secret), "invalid_credentials");
    expect(result.message).toContain("[REDACTED]");
  });
});

describe("classification that fools naive code", () => {
  const run = async (
    provider: ProviderCase["provider"],
    key: unknown,
    route: string,
    answer: Answer,
  ) => {
    serve(route, answer);
    return testCredentials(provider, key);
  };

  it("reads OpenAI's 403 'Missing scopes' as permission_denied too", async () => {
    const result = await run("openai", openaiKey, "https://api.openai.com/v1/models", {
      status: 403,
      body: {
        error: {
          message:
            "You have insufficient permissions for this operation. Missing scopes: api.model.read.",
          code: null,
        },
      },
    });
    expect(result.status).toBe("permission_denied");
    expect(result.message).toContain("Models: Read");
  });

  it("reads OpenAI's unsupported-country 403 as permission_denied, saying the key was not checked", async () => {
    const result = await run("openai", openaiKey, "https://api.openai.com/v1/models", {
      status: 403,
      body: {
        error: {
          message: "Country, region, or territory not supported",
          code: "unsupported_country_region_territory",
        },
      },
    });
    expect(result.status).toBe("permission_denied");
    expect(result.message).toMatch(/country/);
  });

  it("reads a plain OpenAI 429 as rate_limited, not quota", async () => {
    const result = await run("openai", openaiKey, "https://api.openai.com/v1/models", {
      status: 429,
      body: { error: { message: "Rate limit reached", code: "rate_limit_exceeded" } },
    });
    expect(result.status).toBe("rate_limited");
    expect(result.retry_after_ms).toBeUndefined();
  });

  it.each([
    ["api_key_disabled", "invalid_credentials"],
    ["api_key_blocked", "invalid_credentials"],
    ["team_blocked", "permission_denied"],
  ] as const)("does not call an xAI key valid when %s is true", async (flag, status) => {
    const result = await run("xai", xaiKey, "https://api.x.ai/v1/api-key", {
      status: 200,
      body: { ...(cases[2]?.success as object), [flag]: true },
    });
    expect(result).toMatchObject({ ok: false, status, http_status: 200 });
  });

  it("reads xAI's 401 for a malformed header as invalid_credentials", async () => {
    const result = await run("xai", xaiKey, "https://api.x.ai/v1/api-key", {
      status: 401,
      body: { error: "Missing or malformed Authorization header" },
    });
    expect(result.status).toBe("invalid_credentials");
  });

  it("reads a zAI business error inside an HTTP 200", async () => {
    const result = await run("zai", zaiKey, "https://api.z.ai/api/paas/v4/models", {
      status: 200,
      body: { error: { code: "1001", message: "Authorization header is missing." } },
    });
    expect(result).toMatchObject({ ok: false, status: "invalid_credentials", http_status: 200 });
    expect(result.message).toContain("code 1001");
  });

  it("reads zAI's 1303 as rate_limited", async () => {
    const result = await run("zai", zaiKey, "https://api.z.ai/api/paas/v4/models", {
      status: 429,
      body: { error: { code: 1303, message: "Too frequent" } },
    });
    expect(result.status).toBe("rate_limited");
  });

  it("does not call an unknown zAI code inside a 200 valid", async () => {
    const result = await run("zai", zaiKey, "https://api.z.ai/api/paas/v4/models", {
      status: 200,
      body: { error: { code: "1999", message: "Something new" } },
    });
    expect(result.status).toBe("unexpected_response");
  });

  it("reads Mistral's { detail: 'Unauthorized' } as invalid_credentials", async () => {
    const result = await run("mistral", mistralKey, "https://api.mistral.ai/v1/models", {
      status: 401,
      body: { detail: "Unauthorized" },
    });
    expect(result.status).toBe("invalid_credentials");
    expect(result.message).toContain('Provider said: "Unauthorized"');
  });

  it("reads Anthropic's 500 api_error as unexpected_response", async () => {
    const result = await run("anthropic", anthropicKey, "https://api.anthropic.com/v1/models", {
      status: 500,
      body: { type: "error", error: { type: "api_error", message: "Internal server error" } },
    });
    expect(result).toMatchObject({ status: "unexpected_response", http_status: 500 });
  });

  it("reads Azure's 404 as a wrong endpoint", async () => {
    const result = await run(
      "azure",
      { endpoint: "https://byokit-test.openai.azure.com", api_key: azureKey },
      "https://byokit-test.openai.azure.com/openai/models",
      {
        status: 404,
        body: { error: { code: "404", message: "Resource not found" } },
      },
    );
    expect(result.status).toBe("unexpected_response");
    expect(result.message).toContain("endpoint");
  });

  it("reads a Retry-After given as an HTTP date", async () => {
    const at = new Date(Date.now() + 60_000).toUTCString();
    const result = await run("deepseek", deepseekKey, "https://api.deepseek.com/models", {
      status: 429,
      body: {},
      headers: { "retry-after": at },
    });
    expect(result.retry_after_ms).toBeGreaterThan(50_000);
    expect(result.retry_after_ms).toBeLessThanOrEqual(60_000);
  });
});
