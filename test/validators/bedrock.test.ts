import { delay, HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { testCredentials } from "../../src/validators/test-credentials.js";
import { expectNoFragmentOf, randomText, recordingFetch, useMswServer } from "./helpers.js";
import { referenceSignature, signatureOf } from "./sigv4-reference.js";

const server = useMswServer();

const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const entry = (options: { temporary?: boolean } = {}) => ({
  access_key_id: `${options.temporary ? "ASIA" : "AKIA"}${randomText(16, UPPER)}`,
  secret_access_key: randomText(40),
  ...(options.temporary ? { session_token: randomText(200) } : {}),
});

const MODELS = { modelSummaries: [{ modelId: "anthropic.claude-3-haiku-20240307-v1:0" }] };
const ROUTE = "https://bedrock.:region.:suffix+/foundation-models";

function awsError(
  status: number,
  type: string,
  message: string,
  headers: Record<string, string> = {},
) {
  return () =>
    HttpResponse.json(
      { message },
      {
        status,
        headers: {
          "x-amzn-errortype": `${type}:http://internal.amazon.com/coral/com.amazon.coral.service/`,
          ...headers,
        },
      },
    );
}

describe("bedrock", () => {
  it("signs ListFoundationModels for each region on its partition's DNS suffix", async () => {
    server.use(
      http.get("https://bedrock.eu-west-3.amazonaws.com/foundation-models", () =>
        HttpResponse.json(MODELS),
      ),
    );
    server.use(
      http.get("https://bedrock.cn-north-1.amazonaws.com.cn/foundation-models", () =>
        HttpResponse.json(MODELS),
      ),
    );
    server.use(
      http.get("https://bedrock.us-gov-west-1.amazonaws.com/foundation-models", () =>
        HttpResponse.json(MODELS),
      ),
    );
    const credentials = { "eu-west-3": entry(), "cn-north-1": entry(), "us-gov-west-1": entry() };
    const { fetch, sent } = recordingFetch();
    const result = await testCredentials("bedrock", credentials, { fetch });
    expect(result).toMatchObject({ ok: true, status: "valid" });
    expect(result.regions?.map((r) => [r.region, r.status, r.http_status])).toEqual([
      ["cn-north-1", "valid", 200],
      ["eu-west-3", "valid", 200],
      ["us-gov-west-1", "valid", 200],
    ]);
    expect(sent.map((r) => `${r.method} ${r.url}`).sort()).toEqual([
      "GET https://bedrock.cn-north-1.amazonaws.com.cn/foundation-models",
      "GET https://bedrock.eu-west-3.amazonaws.com/foundation-models",
      "GET https://bedrock.us-gov-west-1.amazonaws.com/foundation-models",
    ]);
    for (const request of sent) {
      const region = new URL(request.url).hostname.split(".")[1] as keyof typeof credentials;
      const { access_key_id, secret_access_key } = credentials[region];
      expect(request.headers.get("authorization")).toMatch(
        new RegExp(
          `^AWS4-HMAC-SHA256 Credential=${access_key_id}/\\d{8}/${region}/bedrock/aws4_request, SignedHeaders=host;x-amz-date, Signature=`,
        ),
      );
      expect(signatureOf(request)).toBe(await referenceSignature(request, secret_access_key));
      expect(request.headers.get("x-amz-security-token")).toBeNull();
    }
    for (const { secret_access_key } of Object.values(credentials))
      expectNoFragmentOf(result, secret_access_key);
  });

  it("signs the session token of temporary credentials", async () => {
    server.use(
      http.get("https://bedrock.eu-west-1.amazonaws.com/foundation-models", () =>
        HttpResponse.json(MODELS),
      ),
    );
    const credentials = { "eu-west-1": entry({ temporary: true }) };
    const { fetch, sent } = recordingFetch();
    const result = await testCredentials("bedrock", JSON.stringify(credentials), { fetch });
    expect(result.status).toBe("valid");
    const [request] = sent as [Request];
    expect(request.headers.get("x-amz-security-token")).toBe(
      credentials["eu-west-1"].session_token,
    );
    expect(request.headers.get("authorization")).toContain(
      "SignedHeaders=host;x-amz-date;x-amz-security-token,",
    );
    expect(signatureOf(request)).toBe(
      await referenceSignature(request, credentials["eu-west-1"].secret_access_key),
    );
    expectNoFragmentOf(result, credentials["eu-west-1"].session_token as string);
  });

  it("probes global in us-east-1, or in the configured region", async () => {
    server.use(http.get(ROUTE, () => HttpResponse.json(MODELS)));
    const { fetch, sent } = recordingFetch();
    const first = await testCredentials("bedrock", { global: entry() }, { fetch });
    expect(first.regions).toEqual([
      {
        region: "global",
        ok: true,
        status: "valid",
        message: expect.any(String),
        http_status: 200,
      },
    ]);
    const second = await testCredentials(
      "bedrock",
      { global: entry() },
      { fetch, bedrockGlobalRegion: "eu-central-1" },
    );
    expect(second.status).toBe("valid");
    expect(sent.map((r) => r.url)).toEqual([
      "https://bedrock.us-east-1.amazonaws.com/foundation-models",
      "https://bedrock.eu-central-1.amazonaws.com/foundation-models",
    ]);
    expect(sent[1]?.headers.get("authorization")).toContain("/eu-central-1/bedrock/aws4_request");
  });

  it("is ok only when every region is valid, and reports the first failing region", async () => {
    server.use(
      http.get("https://bedrock.eu-west-1.amazonaws.com/foundation-models", () =>
        HttpResponse.json(MODELS),
      ),
      http.get(
        "https://bedrock.us-west-2.amazonaws.com/foundation-models",
        awsError(
          403,
          "AccessDeniedException",
          "User: arn:aws:iam::123456789012:user/probe is not authorized to perform: bedrock:ListFoundationModels",
        ),
      ),
      http.get(
        "https://bedrock.us-east-1.amazonaws.com/foundation-models",
        awsError(
          403,
          "UnrecognizedClientException",
          "The security token included in the request is invalid.",
        ),
      ),
    );
    const result = await testCredentials("bedrock", {
      "eu-west-1": entry(),
      "us-west-2": entry(),
      global: entry(),
    });
    expect(result).toMatchObject({ ok: false, status: "permission_denied", http_status: 403 });
    expect(result.message).toMatch(/^2 of 3 regions failed\. us-west-2: /);
    expect(result.regions?.map((r) => [r.region, r.ok, r.status])).toEqual([
      ["eu-west-1", true, "valid"],
      ["us-west-2", false, "permission_denied"],
      ["global", false, "invalid_credentials"],
    ]);
  });

  it("probes at most 4 regions at once", async () => {
    let inFlight = 0;
    let most = 0;
    server.use(
      http.get(ROUTE, async () => {
        inFlight++;
        most = Math.max(most, inFlight);
        await delay(15);
        inFlight--;
        return HttpResponse.json(MODELS);
      }),
    );
    const regions = [
      "eu-west-1",
      "eu-west-2",
      "eu-west-3",
      "eu-central-1",
      "us-east-2",
      "us-west-2",
      "ap-south-1",
    ];
    const result = await testCredentials(
      "bedrock",
      Object.fromEntries(regions.map((r) => [r, entry()])),
    );
    expect(result.regions).toHaveLength(7);
    expect(result.status).toBe("valid");
    expect(most).toBe(4);
  });

  const failures = [
    {
      name: "an unknown access key id",
      answer: awsError(
        403,
        "UnrecognizedClientException",
        "The security token included in the request is invalid.",
      ),
      status: "invalid_credentials",
      says: /does not recognise/,
    },
    {
      name: "a wrong secret",
      answer: () =>
        HttpResponse.json(
          {
            __type: "com.amazon.coral.service#InvalidSignatureException",
            message:
              "The request signature we calculated does not match the signature you provided.",
          },
          { status: 403 },
        ),
      status: "invalid_credentials",
      says: /secret_access_key/,
    },
    {
      name: "a skewed clock",
      answer: awsError(
        403,
        "InvalidSignatureException",
        "Signature expired: 20240101T000000Z is now earlier than 20240101T000100Z (20240101T000600Z - 5 min.)",
      ),
      status: "invalid_credentials",
      says: /clock/,
    },
    {
      name: "an expired session token",
      answer: () =>
        HttpResponse.json(
          { message: "The security token included in the request is expired" },
          { status: 403 },
        ),
      status: "invalid_credentials",
      says: /expired/,
    },
    {
      name: "a missing IAM permission",
      answer: awsError(
        403,
        "AccessDeniedException",
        "not authorized to perform: bedrock:ListFoundationModels",
      ),
      status: "permission_denied",
      says: /bedrock:ListFoundationModels/,
    },
    {
      name: "throttling",
      answer: awsError(
        429,
        "ThrottlingException",
        "Too many requests, please wait before trying again.",
        { "retry-after": "2" },
      ),
      status: "rate_limited",
      says: /wait 2 s/,
    },
    {
      name: "a server error",
      answer: () => HttpResponse.json({ message: "Internal" }, { status: 500 }),
      status: "unexpected_response",
      says: /server error \(500\)/,
    },
    {
      name: "a malformed body",
      answer: () => new HttpResponse("<html>", { status: 200 }),
      status: "unexpected_response",
      says: /does not recognise/,
    },
    {
      name: "an empty body",
      answer: () => new HttpResponse(null, { status: 200 }),
      status: "unexpected_response",
      says: /does not recognise/,
    },
    {
      name: "a thrown fetch",
      answer: () => HttpResponse.error(),
      status: "network_error",
      says: /Could not reach bedrock\.eu-west-1\.amazonaws\.com/,
    },
  ] as const;

  it.each(failures)("classifies $name as $status", async ({ answer, status, says }) => {
    server.use(http.get("https://bedrock.eu-west-1.amazonaws.com/foundation-models", answer));
    const credentials = { "eu-west-1": entry() };
    const result = await testCredentials("bedrock", credentials);
    expect(result.status).toBe(status);
    expect(result.ok).toBe(false);
    expect(result.regions?.[0]).toMatchObject({ region: "eu-west-1", ok: false, status });
    expect(result.message).toMatch(says);
    if (status === "rate_limited") expect(result.retry_after_ms).toBe(2000);
    expectNoFragmentOf(result, credentials["eu-west-1"].secret_access_key);
    expectNoFragmentOf(result, credentials["eu-west-1"].access_key_id);
  });

  it("reports a region that never answers as timeout, keeping the regions that did", async () => {
    server.use(
      http.get("https://bedrock.eu-west-1.amazonaws.com/foundation-models", () =>
        HttpResponse.json(MODELS),
      ),
      http.get("https://bedrock.eu-west-2.amazonaws.com/foundation-models", async () => {
        await delay("infinite");
        return HttpResponse.json(MODELS);
      }),
    );
    const result = await testCredentials(
      "bedrock",
      { "eu-west-1": entry(), "eu-west-2": entry() },
      { timeoutMs: 40 },
    );
    expect(result.status).toBe("timeout");
    expect(result.regions?.map((r) => [r.region, r.status])).toEqual([
      ["eu-west-1", "valid"],
      ["eu-west-2", "timeout"],
    ]);
  });

  it("scrubs an echoed secret access key from every region's message", async () => {
    const credentials = { "eu-west-1": entry() };
    server.use(
      http.get(
        ROUTE,
        awsError(
          403,
          "InvalidSignatureException",
          `Bad signature for secret ${credentials["eu-west-1"].secret_access_key} and key ${credentials["eu-west-1"].access_key_id}`,
        ),
      ),
    );
    const result = await testCredentials("bedrock", credentials);
    expect(result.status).toBe("invalid_credentials");
    expectNoFragmentOf(result, credentials["eu-west-1"].secret_access_key);
    expectNoFragmentOf(result, credentials["eu-west-1"].access_key_id);
  });

  it("rejects with the caller's reason when aborted mid-probe", async () => {
    const controller = new AbortController();
    server.use(
      http.get(ROUTE, async () => {
        controller.abort(new RangeError("stop"));
        await delay("infinite");
        return HttpResponse.json(MODELS);
      }),
    );
    await expect(
      testCredentials("bedrock", { "eu-west-1": entry() }, { signal: controller.signal }),
    ).rejects.toBeInstanceOf(RangeError);
  });

  it("rejects malformed credentials and a bad global region before sending anything", async () => {
    const { fetch, sent } = recordingFetch();
    await expect(
      testCredentials("bedrock", { "mars-north-1": entry() }, { fetch }),
    ).rejects.toMatchObject({ name: "ValidationError" });
    await expect(
      testCredentials("bedrock", { global: entry() }, { fetch, bedrockGlobalRegion: "moon" }),
    ).rejects.toMatchObject({
      name: "ValidationError",
      issues: [{ path: "options.bedrockGlobalRegion", message: expect.any(String) }],
    });
    expect(sent).toHaveLength(0);
  });
});
