import { describe, expect, it } from "vitest";
import { signAwsRequest } from "../../src/validators/sign-aws-request.js";
import { randomText } from "./helpers.js";
import { referenceSignature, signatureOf } from "./sigv4-reference.js";

// AWS's published SigV4 test suite (docs.aws.amazon.com/general/latest/gr/signature-v4-test-suite.html).
const SUITE_CREDENTIALS = {
  access_key_id: "AKIDEXAMPLE",
  secret_access_key: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
};
const SUITE_DATE = new Date("2015-08-30T12:36:00Z");
const SUITE_TOKEN =
  "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";

const vectors = [
  {
    name: "get-vanilla",
    method: "GET",
    path: "/",
    signedHeaders: "host;x-amz-date",
    signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
  },
  {
    name: "post-vanilla",
    method: "POST",
    path: "/",
    signedHeaders: "host;x-amz-date",
    signature: "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b",
  },
  {
    name: "get-vanilla-empty-query-key",
    method: "GET",
    path: "/?Param1=value1",
    signedHeaders: "host;x-amz-date",
    signature: "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb",
  },
  {
    name: "get-vanilla-query-order-key-case",
    method: "GET",
    path: "/?Param2=value2&Param1=value1",
    signedHeaders: "host;x-amz-date",
    signature: "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500",
  },
  {
    name: "get-vanilla-query-order-key",
    method: "GET",
    path: "/?Param1=value2&Param1=Value1",
    signedHeaders: "host;x-amz-date",
    signature: "eedbc4e291e521cf13422ffca22be7d2eb8146eecf653089df300a15b2382bd1",
  },
  {
    name: "post-vanilla-query",
    method: "POST",
    path: "/?Param1=value1",
    signedHeaders: "host;x-amz-date",
    signature: "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11",
  },
  {
    name: "post-sts-header-before",
    method: "POST",
    path: "/",
    token: SUITE_TOKEN,
    signedHeaders: "host;x-amz-date;x-amz-security-token",
    signature: "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead",
  },
];

describe("signAwsRequest", () => {
  it.each(vectors)("matches AWS's $name test vector", async (vector) => {
    const signed = await signAwsRequest(
      new Request(`https://example.amazonaws.com${vector.path}`, { method: vector.method }),
      { ...SUITE_CREDENTIALS, ...(vector.token ? { session_token: vector.token } : {}) },
      { region: "us-east-1", service: "service", signingDate: SUITE_DATE },
    );
    expect(signed.headers.get("authorization")).toBe(
      `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=${vector.signedHeaders}, Signature=${vector.signature}`,
    );
    expect(signed.headers.get("x-amz-date")).toBe("20150830T123600Z");
    expect(signed.headers.get("x-amz-security-token")).toBe(vector.token ?? null);
  });

  it("agrees with an independent node:crypto re-computation for a request with a body and a session token", async () => {
    const credentials = {
      access_key_id: `ASIA${randomText(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")}`,
      secret_access_key: randomText(40),
      session_token: randomText(300),
    };
    const signed = await signAwsRequest(
      new Request(
        "https://bedrock-runtime.eu-west-3.amazonaws.com/model/anthropic.claude-3-5-sonnet-20240620-v1:0/invoke?trace=on&b=2",
        {
          method: "POST",
          headers: { "content-type": "application/json", "x-custom": "  spaced   value " },
          body: JSON.stringify({ messages: [{ role: "user", content: "hi" }] }),
        },
      ),
      credentials,
      { region: "eu-west-3", service: "bedrock" },
    );
    expect(signed.headers.get("authorization")).toContain(
      `/eu-west-3/bedrock/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-custom,`,
    );
    expect(signatureOf(signed)).toBe(
      await referenceSignature(signed, credentials.secret_access_key),
    );
    expect(await signed.text()).toBe('{"messages":[{"role":"user","content":"hi"}]}');
    expect(signed.method).toBe("POST");
  });

  it("leaves the original request untouched", async () => {
    const original = new Request("https://bedrock.us-east-1.amazonaws.com/foundation-models");
    await signAwsRequest(
      original,
      { access_key_id: "AKIDEXAMPLE", secret_access_key: "x".repeat(40) },
      { region: "us-east-1", service: "bedrock" },
    );
    expect(original.headers.get("authorization")).toBeNull();
  });
});

describe("signAwsRequest with frozen credentials (a reused signer)", () => {
  const signed = (credentials: typeof SUITE_CREDENTIALS, region = "us-east-1") =>
    signAwsRequest(
      new Request("https://example.amazonaws.com/?Param1=value1", {
        method: "POST",
        body: "a body",
      }),
      credentials,
      { region, service: "service", signingDate: SUITE_DATE },
    );

  it("gives the same signature as a fresh signer, call after call, per region", async () => {
    const frozen = Object.freeze({ ...SUITE_CREDENTIALS });
    const fresh = signatureOf(await signed({ ...SUITE_CREDENTIALS }));
    for (let i = 0; i < 3; i++) expect(signatureOf(await signed(frozen))).toBe(fresh);
    const elsewhere = signatureOf(await signed({ ...SUITE_CREDENTIALS }, "eu-west-3"));
    expect(elsewhere).not.toBe(fresh);
    expect(signatureOf(await signed(frozen, "eu-west-3"))).toBe(elsewhere);
  });

  it("never reuses one credential's signer for another with the same access key id", async () => {
    const first = Object.freeze({ ...SUITE_CREDENTIALS });
    const second = Object.freeze({ ...SUITE_CREDENTIALS, secret_access_key: `${"x".repeat(40)}` });
    const one = signatureOf(await signed(first));
    const other = signatureOf(await signed(second));
    expect(other).not.toBe(one);
    expect(other).toBe(signatureOf(await signed({ ...second })));
  });
});
