/**
 * The Vertex AI token request in Chromium: jose signs the service account's JWT with WebCrypto,
 * the fake token endpoint in Node verifies it with Node's crypto before handing out a token,
 * and the test verifies the same assertion again here with the public key.
 */
import { exportPKCS8, generateKeyPair, importSPKI, jwtVerify } from "jose";
import { describe, expect, inject, it } from "vitest";
import type { ServiceAccountKey } from "../../src/providers/credentials.js";
import { authorizeRequest } from "../../src/validators/authorize-request.js";
import { testCredentials } from "../../src/validators/test-credentials.js";
import {
  VERIFIED_ACCESS_TOKEN,
  VERTEX_CLIENT_EMAIL,
  VERTEX_KEY_ID,
  VERTEX_PROJECT,
  VERTEX_TOKEN_URI,
} from "./setup/shared-inputs.js";

const tokenEndpointUrl = inject("tokenEndpointUrl");

function serviceAccount(privateKey = inject("vertexPrivateKeyPem")): ServiceAccountKey {
  return {
    type: "service_account",
    project_id: VERTEX_PROJECT,
    private_key_id: VERTEX_KEY_ID,
    private_key: privateKey,
    client_email: VERTEX_CLIENT_EMAIL,
    token_uri: VERTEX_TOKEN_URI,
  };
}

/**
 * Token requests go for real to the Node endpoint (cross-origin, on loopback); Vertex itself is
 * answered here. Records what was sent either way.
 */
function routedFetch() {
  const assertions: string[] = [];
  const vertexAuthorizations: (string | null)[] = [];
  const fetchImplementation: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    if (request.url === VERTEX_TOKEN_URI) {
      const body = await request.text();
      assertions.push(new URLSearchParams(body).get("assertion") ?? "");
      return fetch(tokenEndpointUrl, { method: "POST", headers: request.headers, body });
    }
    vertexAuthorizations.push(request.headers.get("authorization"));
    return Response.json({});
  };
  return { fetch: fetchImplementation, assertions, vertexAuthorizations };
}

describe("the Vertex AI JWT in Chromium", () => {
  it("is signed with WebCrypto and accepted by a verifier in Node", async () => {
    const routed = routedFetch();
    const result = await testCredentials("google_vertex_ai", serviceAccount(), {
      fetch: routed.fetch,
    });

    expect(result).toMatchObject({ ok: true, status: "valid" });
    expect(routed.assertions).toHaveLength(1);
    // The endpoint hands out this token only after Node verified the signature and claims.
    expect(routed.vertexAuthorizations).toEqual([`Bearer ${VERIFIED_ACCESS_TOKEN}`]);
  });

  it("carries the claims Google checks, verifiable here with the public key", async () => {
    const routed = routedFetch();
    await testCredentials("google_vertex_ai", serviceAccount(), { fetch: routed.fetch });
    const publicKey = await importSPKI(inject("vertexPublicKeyPem"), "RS256");

    const { payload, protectedHeader } = await jwtVerify(routed.assertions[0] ?? "", publicKey, {
      issuer: VERTEX_CLIENT_EMAIL,
      audience: VERTEX_TOKEN_URI,
    });
    expect(protectedHeader).toEqual({ alg: "RS256", typ: "JWT", kid: VERTEX_KEY_ID });
    expect(payload.scope).toBe("https://www.googleapis.com/auth/cloud-platform");
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(3600);
  });

  it("authorizes an outgoing Vertex request with the verified token", async () => {
    const routed = routedFetch();
    const url = `https://us-central1-aiplatform.googleapis.com/v1/projects/${VERTEX_PROJECT}/locations/us-central1/endpoints`;
    const authorized = await authorizeRequest(
      "google_vertex_ai",
      new Request(url),
      serviceAccount(),
      {
        fetch: routed.fetch,
      },
    );
    expect(authorized.url).toBe(url);
    expect(authorized.headers.get("authorization")).toBe(`Bearer ${VERIFIED_ACCESS_TOKEN}`);
  });

  it("is refused by Node when signed with another key, and the probe never runs", async () => {
    const { privateKey } = await generateKeyPair("RS256", { extractable: true });
    const otherPem = await exportPKCS8(privateKey);
    const routed = routedFetch();
    const result = await testCredentials("google_vertex_ai", serviceAccount(otherPem), {
      fetch: routed.fetch,
    });

    expect(result.ok).toBe(false);
    expect(result.http_status).toBe(400);
    expect(routed.vertexAuthorizations).toEqual([]);
    const body = otherPem.split("\n").slice(1, -2).join("");
    expect(result.message).not.toContain(body.slice(0, 24));
  });
});
