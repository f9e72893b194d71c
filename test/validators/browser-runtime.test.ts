import { generateKeyPairSync } from "node:crypto";
import { decodeProtectedHeader } from "jose";
import { HttpResponse, http } from "msw";
import { describe, expect, it, vi } from "vitest";
import { testCredentials } from "../../src/validators/test-credentials.js";
import { randomText, recordingFetch, useMswServer } from "./helpers.js";

// Everything below runs as it would in a browser: byokit's runtime check says "not Node".
vi.mock("../../src/validators/runtime.js", () => ({ isNodeRuntime: () => false }));

const server = useMswServer();

describe("in a browser", () => {
  it("says 'network error or blocked by CORS' and points to byokit serve when fetch throws", async () => {
    server.use(http.get("https://api.deepseek.com/models", () => HttpResponse.error()));
    const result = await testCredentials("deepseek", `sk-${randomText(32, "0123456789abcdef")}`);
    expect(result.status).toBe("network_error");
    expect(result.message).toBe(
      "Could not reach api.deepseek.com: the key was not checked (network error or blocked by CORS). Check the connection, or test through `byokit serve`.",
    );
  });

  it("opts in to Anthropic's direct browser access", async () => {
    server.use(
      http.get("https://api.anthropic.com/v1/models", () => HttpResponse.json({ data: [] })),
    );
    const { fetch, sent } = recordingFetch();
    const result = await testCredentials("anthropic", `sk-ant-api03-${randomText(93)}AA`, {
      fetch,
    });
    expect(result.status).toBe("valid");
    expect(sent[0]?.headers.get("anthropic-dangerous-direct-browser-access")).toBe("true");
  });

  it("signs the Vertex token request with jose, never loading google-auth-library", async () => {
    const pem = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({
      type: "pkcs8",
      format: "pem",
    }) as string;
    let kid: string | undefined;
    server.use(
      http.post("https://oauth2.googleapis.com/token", async ({ request }) => {
        const assertion = new URLSearchParams(await request.text()).get("assertion") ?? "";
        kid = decodeProtectedHeader(assertion).kid;
        return HttpResponse.json({ access_token: "ya29.browser", expires_in: 3600 });
      }),
      http.get(
        "https://us-central1-aiplatform.googleapis.com/v1/projects/p/locations/us-central1/endpoints",
        () => HttpResponse.json({}),
      ),
    );
    const result = await testCredentials("google_vertex_ai", {
      type: "service_account",
      project_id: "p",
      private_key_id: "browser-key-id",
      private_key: pem,
      client_email: "probe@p.iam.gserviceaccount.com",
      token_uri: "https://oauth2.googleapis.com/token",
    });
    expect(result.status).toBe("valid");
    // google-auth-library sends no kid; jose does.
    expect(kid).toBe("browser-key-id");
  });
});
