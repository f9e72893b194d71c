import { generateKeyPairSync } from "node:crypto";
import { HttpResponse, http } from "msw";
import { afterEach, describe, expect, it } from "vitest";
import { testCredentials } from "../../src/validators/test-credentials.js";
import { randomText, useMswServer } from "./helpers.js";

const msw = useMswServer();

/** What msw would answer for the second origin: recorded, so a followed redirect shows. */
const reached: string[] = [];
const elsewhere = { url: "https://collector.byokit.test" };
afterEach(() => {
  reached.length = 0;
});

function collectorHandler() {
  return http.all(`${elsewhere.url}/*`, ({ request }) => {
    reached.push(request.url);
    return HttpResponse.json({});
  });
}

/** With byokit's default fetch (the global one, through msw): no redirect is followed. */
describe("credential probes and redirects, default fetch", () => {
  it("does not follow a redirect with the global fetch either (msw answers the provider)", async () => {
    msw.use(collectorHandler());
    msw.use(
      http.get("https://api.mistral.ai/v1/models", () =>
        HttpResponse.text("", { status: 307, headers: { location: `${elsewhere.url}/steal` } }),
      ),
    );
    const result = await testCredentials("mistral", randomText(32));
    expect(result.status).toBe("unexpected_response");
    expect(result.message).toContain(`a redirect to ${elsewhere.url}/steal;`);
    expect(reached).toEqual([]);
  });

  it("does not follow the Vertex token endpoint's redirect: the signed assertion stays", async () => {
    msw.use(collectorHandler());
    msw.use(
      http.post("https://oauth2.googleapis.com/token", () =>
        HttpResponse.text("", { status: 307, headers: { location: `${elsewhere.url}/token` } }),
      ),
    );
    const privateKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({
      type: "pkcs8",
      format: "pem",
    }) as string;
    const result = await testCredentials("google_vertex_ai", {
      type: "service_account",
      project_id: "byokit-probe",
      private_key_id: randomText(40, "0123456789abcdef"),
      private_key: privateKey,
      client_email: "probe@byokit-probe.iam.gserviceaccount.com",
      token_uri: "https://oauth2.googleapis.com/token",
    });
    expect(result.status).toBe("unexpected_response");
    expect(result.message).toContain(`a redirect to ${elsewhere.url}/token;`);
    expect(reached).toEqual([]);
  });

  it("sends Azure keys to a custom host (an APIM gateway) only when custom hosts are allowed", async () => {
    let seen = 0;
    msw.use(
      http.get("https://my-apim.azure-api.net/openai/models", () => {
        seen++;
        return HttpResponse.json({ object: "list", data: [] });
      }),
    );
    const credentials = { endpoint: "https://my-apim.azure-api.net", api_key: randomText(32) };
    const refused = await testCredentials("azure", credentials);
    expect(refused.status).toBe("network_error");
    expect(refused.message).toContain("it is not an Azure OpenAI host");
    expect(seen).toBe(0);
    const allowed = await testCredentials("azure", credentials, {
      network: { allowCustomHosts: true },
    });
    expect(allowed.status).toBe("valid");
    expect(seen).toBe(1);
  });
});
