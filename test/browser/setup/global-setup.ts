/**
 * Node side of the browser suite: starts the real local server (CORS on) and a fake Google
 * token endpoint on loopback, signs the Bedrock request with a frozen clock, and hands the
 * tests what they need through `provide` (read in Chromium with `inject`).
 */
import { generateKeyPairSync } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { importSPKI, jwtVerify } from "jose";
import type { TestProject } from "vitest/node";
import { createLocalBackend } from "../../../src/local/create-local-backend.js";
import { serve } from "../../../src/local/serve.js";
import { authorizeRequest } from "../../../src/validators/authorize-request.js";
import {
  API_KEY_IDS,
  BEDROCK_CREDENTIALS,
  BEDROCK_REGION,
  bedrockInvokeRequest,
  SIGNING_TIME,
  type SignedRequestSummary,
  summarizeRequest,
  VERIFIED_ACCESS_TOKEN,
  VERTEX_CLIENT_EMAIL,
  VERTEX_KEY_ID,
  VERTEX_TOKEN_URI,
  withFrozenClock,
} from "./shared-inputs.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The local backend served with `cors: true`: any page may call it. */
    apiUrl: string;
    /** The same API served for one other origin only: this page must be refused. */
    foreignOriginApiUrl: string;
    consoleToken: string;
    /** The fake Google token endpoint: verifies the JWT in Node before answering. */
    tokenEndpointUrl: string;
    vertexPrivateKeyPem: string;
    vertexPublicKeyPem: string;
    /** `authorizeRequest("bedrock", …)` as Node computed it at `SIGNING_TIME`. */
    nodeSignedBedrock: SignedRequestSummary;
  }
}

const CONSOLE_TOKEN = "console_token_FAKE_browser";
const apiKeys = API_KEY_IDS.map((id) => ({ id, name: id.slice(4) }));

/**
 * Providers as the local backend's credential tests see them: a key containing `REVOKED` is
 * refused (and echoed back, as some providers do), any other is accepted.
 */
const fakeProviderFetch: typeof fetch = async (input, init) => {
  const request = new Request(input, init);
  const credential =
    request.headers.get("authorization") ??
    request.headers.get("x-api-key") ??
    request.headers.get("api-key") ??
    "";
  if (credential.includes("REVOKED")) {
    return Response.json(
      {
        error: {
          message: `Incorrect API key provided: ${credential}`,
          type: "invalid_request_error",
        },
      },
      { status: 401 },
    );
  }
  return Response.json({ object: "list", data: [] });
};

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const vertexPrivateKeyPem = privateKey.export({ type: "pkcs8", format: "pem" }) as string;
  const vertexPublicKeyPem = publicKey.export({ type: "spki", format: "pem" }) as string;

  const api = await serve(
    createLocalBackend({ token: CONSOLE_TOKEN, apiKeys, fetch: fakeProviderFetch }),
    { port: 0, cors: true },
  );
  const foreignOriginApi = await serve(createLocalBackend({ token: CONSOLE_TOKEN, apiKeys }), {
    port: 0,
    cors: ["http://elsewhere.invalid"],
  });
  const tokenEndpoint = await startTokenEndpoint(vertexPublicKeyPem);

  project.provide("apiUrl", api.url);
  project.provide("foreignOriginApiUrl", foreignOriginApi.url);
  project.provide("consoleToken", CONSOLE_TOKEN);
  project.provide("tokenEndpointUrl", `${tokenEndpoint.url}/token`);
  project.provide("vertexPrivateKeyPem", vertexPrivateKeyPem);
  project.provide("vertexPublicKeyPem", vertexPublicKeyPem);
  project.provide("nodeSignedBedrock", await signBedrockInNode());

  return async () => {
    await Promise.all([api.close(), foreignOriginApi.close(), tokenEndpoint.close()]);
  };
}

/** The Node reference for the browser's signature: same inputs, same frozen clock. */
async function signBedrockInNode(): Promise<SignedRequestSummary> {
  const signed = await withFrozenClock(SIGNING_TIME, () =>
    authorizeRequest("bedrock", bedrockInvokeRequest(), BEDROCK_CREDENTIALS, {
      region: BEDROCK_REGION,
    }),
  );
  return summarizeRequest(signed);
}

/**
 * Google's token endpoint, faked on loopback (the tests route {@link VERTEX_TOKEN_URI} here):
 * it checks the assertion's RS256 signature with
 * the public key (Node's crypto, not the browser's) and its claims, and only then answers
 * with {@link VERIFIED_ACCESS_TOKEN}. CORS is open so the page can call it directly.
 */
async function startTokenEndpoint(publicKeyPem: string) {
  const publicKey = await importSPKI(publicKeyPem, "RS256");
  const cors = { "Access-Control-Allow-Origin": "*" };
  const server = createServer(async (incoming, outgoing) => {
    let body = "";
    for await (const chunk of incoming) body += chunk;
    const form = new URLSearchParams(body);
    try {
      if (form.get("grant_type") !== "urn:ietf:params:oauth:grant-type:jwt-bearer") {
        throw new TypeError("unsupported grant_type");
      }
      const { payload, protectedHeader } = await jwtVerify(form.get("assertion") ?? "", publicKey, {
        algorithms: ["RS256"],
        issuer: VERTEX_CLIENT_EMAIL,
        audience: VERTEX_TOKEN_URI,
        requiredClaims: ["iat", "exp", "scope"],
      });
      if (protectedHeader.kid !== VERTEX_KEY_ID) throw new TypeError("unexpected kid");
      if (payload.scope !== "https://www.googleapis.com/auth/cloud-platform") {
        throw new TypeError("unexpected scope");
      }
      outgoing.writeHead(200, { ...cors, "Content-Type": "application/json" });
      outgoing.end(JSON.stringify({ access_token: VERIFIED_ACCESS_TOKEN, expires_in: 3600 }));
    } catch (error) {
      outgoing.writeHead(400, { ...cors, "Content-Type": "application/json" });
      outgoing.end(
        JSON.stringify({ error: "invalid_grant", error_description: (error as Error).message }),
      );
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
