import { generateKeyPairSync } from "node:crypto";
import { type Dispatcher, request } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { guardedDispatcher } from "../../src/validators/guarded-dispatcher.js";
import { RefusedDestinationError } from "../../src/validators/refused-destination-error.js";
import { testCredentials } from "../../src/validators/test-credentials.js";
import { randomText } from "./helpers.js";
import { closedPort, resettingListener } from "./loopback-servers.js";

/**
 * Stored credentials that point a probe at this machine (no msw here: real sockets only, and
 * byokit's default fetch, which is what `byokit serve` uses).
 */
const listeners: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(listeners.splice(0).map((listener) => listener.close()));
});

async function listener() {
  const created = await resettingListener();
  listeners.push(created);
  return created;
}

const azure = (endpoint: string) => ({ endpoint, api_key: randomText(32) });
const privateKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({
  type: "pkcs8",
  format: "pem",
}) as string;
const vertex = (token_uri: string) => ({
  type: "service_account",
  project_id: "byokit-probe",
  private_key_id: randomText(40, "0123456789abcdef"),
  private_key: privateKey,
  client_email: "probe@byokit-probe.iam.gserviceaccount.com",
  token_uri,
});

describe("probes and private networks", () => {
  it("refuses an Azure endpoint that is not an Azure host, connecting nowhere", async () => {
    const open = await listener();
    const result = await testCredentials("azure", azure(`https://127.0.0.1:${open.port}`));
    expect(result).toMatchObject({ ok: false, status: "network_error" });
    expect(result.message).toContain(`byokit did not send the key to 127.0.0.1:${open.port}`);
    expect(result.message).toContain("allowCustomHosts");
    expect(open.connections()).toBe(0);
  });

  it("refuses a Vertex token_uri that is not Google's, connecting nowhere", async () => {
    const open = await listener();
    const result = await testCredentials(
      "google_vertex_ai",
      vertex(`https://127.0.0.1:${open.port}/token`),
    );
    expect(result).toMatchObject({ ok: false, status: "network_error" });
    expect(result.message).toContain("allowCustomHosts");
    expect(open.connections()).toBe(0);
  });

  it.each([
    ["an IPv4 loopback literal", (port: number) => `https://127.0.0.1:${port}`],
    ["an IPv6 loopback literal", (port: number) => `https://[::1]:${port}`],
    ["a name that resolves to loopback", (port: number) => `https://localhost:${port}`],
  ])("with custom hosts allowed, still refuses %s before connecting", async (_, endpointFor) => {
    const open = await listener();
    for (const provider of ["azure", "google_vertex_ai"] as const) {
      const endpoint = endpointFor(open.port);
      const result = await testCredentials(
        provider,
        provider === "azure" ? azure(endpoint) : vertex(`${endpoint}/token`),
        { network: { allowCustomHosts: true } },
      );
      expect(result).toMatchObject({ ok: false, status: "network_error" });
      expect(result.message).toContain("private, loopback or link-local address");
      expect(result.message).toContain("the key was not checked");
    }
    expect(open.connections()).toBe(0);
  });

  it("connects when private networks are allowed too, and says the same for refused and reset", async () => {
    const open = await listener();
    const closed = await closedPort();
    const network = { allowCustomHosts: true, allowPrivateNetworks: true };
    const reset = await testCredentials("azure", azure(`https://127.0.0.1:${open.port}`), {
      network,
    });
    const refused = await testCredentials("azure", azure(`https://127.0.0.1:${closed}`), {
      network,
    });
    expect(open.connections()).toBe(1);
    expect(reset.status).toBe("network_error");
    expect(refused.status).toBe("network_error");
    const wording = (message: string, port: number) => message.replace(String(port), "PORT");
    expect(wording(reset.message, open.port)).toBe(wording(refused.message, closed));
    expect(reset.message).not.toMatch(/ECONN|socket hang up/i);
    expect(reset.message).toBe(
      `Could not reach 127.0.0.1:${open.port}: the key was not checked (no connection: DNS, refused, reset or TLS). Check the network, DNS and proxy settings, then test again.`,
    );
  });

  // The test setup's fetch only lets `127.0.0.1`, `localhost` and `[::1]` through, so these go
  // straight to the dispatcher byokit hands Node's fetch.
  it.each([
    "http://[::ffff:127.0.0.1]:PORT/",
    "http://[::ffff:7f00:1]:PORT/",
    "http://[::127.0.0.1]:PORT/",
    "http://0.0.0.0:PORT/",
    "http://169.254.169.254/latest/meta-data/",
  ])("the dispatcher refuses %s before connecting", async (url) => {
    const open = await listener();
    const dispatcher = (await guardedDispatcher()) as Dispatcher;
    const error = await request(url.replace("PORT", String(open.port)), { dispatcher }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RefusedDestinationError);
    expect(open.connections()).toBe(0);
  });

  it("the dispatcher lets a loopback server be reached when nothing refuses it (control)", async () => {
    const open = await listener();
    const error = await request(`http://127.0.0.1:${open.port}/`).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(RefusedDestinationError);
    expect(open.connections()).toBe(1);
  });

  it("rejects a network option that is not an object of booleans", async () => {
    await expect(
      testCredentials("openai", `sk-proj-${randomText(48)}`, {
        network: { allowPrivateNetworks: "yes" as never },
      }),
    ).rejects.toMatchObject({
      name: "ValidationError",
      issues: [{ path: "options.network.allowPrivateNetworks" }],
    });
  });
});
