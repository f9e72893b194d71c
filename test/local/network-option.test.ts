import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { createLocalBackend } from "../../src/local/create-local-backend.js";
import { randomText, useMswServer } from "../validators/helpers.js";
import { BASE } from "./helpers.js";

const server = useMswServer();

/** `POST /provider-keys/test` of an Azure key behind an APIM gateway. */
async function testGatewayKey(local: ReturnType<typeof createLocalBackend>) {
  const response = await local.fetch(`${BASE}/provider-keys/test`, {
    method: "POST",
    headers: { authorization: "Bearer any", "content-type": "application/json" },
    body: JSON.stringify({
      provider: "azure",
      provider_key: { endpoint: "https://my-apim.azure-api.net", api_key: randomText(32) },
    }),
  });
  return (await response.json()) as { status: string; message: string };
}

describe("createLocalBackend({ network })", () => {
  it("refuses a custom host by default and allows it when told to", async () => {
    let seen = 0;
    server.use(
      http.get("https://my-apim.azure-api.net/openai/models", () => {
        seen++;
        return HttpResponse.json({ object: "list", data: [] });
      }),
    );
    const refused = await testGatewayKey(createLocalBackend());
    expect(refused.status).toBe("network_error");
    expect(refused.message).toContain("--allow-custom-hosts");
    expect(seen).toBe(0);
    const allowed = await testGatewayKey(
      createLocalBackend({ network: { allowCustomHosts: true } }),
    );
    expect(allowed.status).toBe("valid");
    expect(seen).toBe(1);
  });

  it("rejects a network option that is not booleans when the backend is created", () => {
    expect(() => createLocalBackend({ network: { allowPrivateNetworks: "yes" as never } })).toThrow(
      expect.objectContaining({ name: "ValidationError" }),
    );
  });
});
