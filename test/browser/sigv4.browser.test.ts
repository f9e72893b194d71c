/**
 * SigV4 in Chromium: AWS's published test vectors, and `authorizeRequest("bedrock", …)` equal,
 * header for header, to what Node computed in the global setup for the same inputs and clock.
 */
import { describe, expect, inject, it } from "vitest";
import { authorizeRequest } from "../../src/validators/authorize-request.js";
import { signAwsRequest } from "../../src/validators/sign-aws-request.js";
import {
  BEDROCK_CREDENTIALS,
  BEDROCK_REGION,
  bedrockInvokeRequest,
  SIGNING_TIME,
  summarizeRequest,
  withFrozenClock,
} from "./setup/shared-inputs.js";

// AWS's SigV4 test suite (docs.aws.amazon.com/general/latest/gr/signature-v4-test-suite.html).
const SUITE_CREDENTIALS = {
  access_key_id: "AKIDEXAMPLE",
  secret_access_key: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
};
const SUITE_DATE = new Date("2015-08-30T12:36:00Z");

const vectors = [
  {
    name: "get-vanilla",
    method: "GET",
    path: "/",
    signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
  },
  {
    name: "post-vanilla",
    method: "POST",
    path: "/",
    signature: "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b",
  },
  {
    name: "get-vanilla-query-order-key-case",
    method: "GET",
    path: "/?Param2=value2&Param1=value1",
    signature: "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500",
  },
  {
    name: "get-vanilla-query-order-key",
    method: "GET",
    path: "/?Param1=value2&Param1=Value1",
    signature: "eedbc4e291e521cf13422ffca22be7d2eb8146eecf653089df300a15b2382bd1",
  },
];

describe("SigV4 in Chromium", () => {
  it.each(vectors)("matches AWS's $name vector", async ({ method, path, signature }) => {
    const signed = await signAwsRequest(
      new Request(`https://example.amazonaws.com${path}`, { method }),
      SUITE_CREDENTIALS,
      { region: "us-east-1", service: "service", signingDate: SUITE_DATE },
    );
    expect(signed.headers.get("x-amz-date")).toBe("20150830T123600Z");
    expect(signed.headers.get("authorization")).toBe(
      `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=${signature}`,
    );
  });

  it("signs a Bedrock InvokeModel request exactly as Node does", async () => {
    const signed = await withFrozenClock(SIGNING_TIME, () =>
      authorizeRequest("bedrock", bedrockInvokeRequest(), BEDROCK_CREDENTIALS, {
        region: BEDROCK_REGION,
      }),
    );
    const inBrowser = await summarizeRequest(signed);
    const inNode = inject("nodeSignedBedrock");

    expect(inBrowser).toEqual(inNode);
    // Not two equal blanks: the Node answer is a real signature over the session token.
    expect(inNode.headers).toContainEqual(["x-amz-date", "20250314T092653Z"]);
    expect(inNode.headers).toContainEqual([
      "x-amz-security-token",
      BEDROCK_CREDENTIALS.session_token,
    ]);
    expect(new Map(inNode.headers).get("authorization")).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIAFAKEBROWSERTEST1\/20250314\/eu-west-3\/bedrock\/aws4_request, SignedHeaders=accept;content-type;host;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/,
    );
  });

  it("signs differently at another instant, so the frozen clock is what made them equal", async () => {
    const later = await withFrozenClock("2025-03-14T09:26:54.000Z", () =>
      authorizeRequest("bedrock", bedrockInvokeRequest(), BEDROCK_CREDENTIALS, {
        region: BEDROCK_REGION,
      }),
    );
    const nodeAuthorization = new Map(inject("nodeSignedBedrock").headers).get("authorization");
    expect(later.headers.get("authorization")).not.toBe(nodeAuthorization);
  });
});
