import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { routes } from "../../src/internal/routes.js";
import { createLocalBackend } from "../../src/local/create-local-backend.js";
import { call, fakeApiKey, fakeRegion, TOKEN } from "./helpers.js";
import { validate } from "./json-schema.js";

// JSON rather than YAML: read without a parser dependency.
const spec = JSON.parse(readFileSync(new URL("../../docs/openapi.json", import.meta.url), "utf8"));
const METHODS = ["get", "post", "patch", "delete"] as const;

/**
 * The spec path template matching a concrete path: `{org_id}` and `{id}` match one segment,
 * and a literal segment (`test`, `resolve`, `get-or-create`) beats a placeholder.
 */
function templateOf(path: string): string | undefined {
  const placeholders = (template: string) => template.split("{").length;
  return Object.keys(spec.paths)
    .filter((template) => new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`).test(path))
    .sort((a, b) => placeholders(a) - placeholders(b))[0];
}

const exercised = new Set<string>();

/** Calls the backend and checks the answer against the operation's documented response. */
async function checked(
  local: ReturnType<typeof createLocalBackend>,
  method: string,
  path: string,
  options: Parameters<typeof call>[3] = {},
) {
  // A path under `/v1/` is absolute (the organizations); any other is under the organization.
  const absolute = path.startsWith("/v1/");
  const response = absolute
    ? await call(local, method, `/../../..${path}`, options)
    : await call(local, method, path, options);
  const fullPath = absolute
    ? path.split("?")[0]!
    : `/v1/organizations/org_spec${path.split("?")[0]}`;
  const template = templateOf(fullPath);
  expect(template, `no spec path for ${fullPath}`).toBeDefined();
  const operation = spec.paths[template!][method.toLowerCase()];
  if (!operation) {
    // A method the path does not have: 405 with Allow, in the error envelope.
    expect(response.status).toBe(405);
    expect(response.headers.get("Allow")).toBeTruthy();
    expect(validate(spec, { $ref: "#/components/schemas/Error" }, response.json)).toEqual([]);
    return response;
  }
  const documented = operation.responses[String(response.status)];
  expect(documented, `${method} ${template} → ${response.status} is not documented`).toBeDefined();
  const schema = documented.content["application/json"].schema;
  expect(validate(spec, schema, response.json)).toEqual([]);
  for (const [name, header] of Object.entries<{ required?: boolean; $ref?: string }>(
    documented.headers ?? {},
  )) {
    const resolved = header.$ref ? spec.components.headers[header.$ref.split("/").pop()!] : header;
    if (resolved.required || name === "ETag") {
      const value = response.headers.get(name);
      expect(value, `${name} on ${method} ${template} → ${response.status}`).not.toBeNull();
      if (resolved.schema?.pattern) expect(value).toMatch(new RegExp(resolved.schema.pattern));
    }
  }
  exercised.add(`${method.toUpperCase()} ${template} ${response.status}`);
  return response;
}

describe("docs/openapi.json", () => {
  it("marks every operation documented, inferred or extension", () => {
    for (const item of Object.values<Record<string, { "x-byokit-source"?: string }>>(spec.paths)) {
      for (const method of METHODS) {
        if (item[method])
          expect(["documented", "observed", "inferred", "extension"]).toContain(
            item[method]["x-byokit-source"],
          );
      }
    }
  });

  it("rejects a record that leaks a field or lacks one (the checker is not hollow)", () => {
    const schema = { $ref: "#/components/schemas/ProviderKey" };
    const record = {
      object: "provider_key",
      id: "pk_1",
      provider: "openai",
      name: "n",
      api_key_ids: [],
      active: true,
      preview: { type: "api_key", key: "sk-...WXYZ" },
      created_at: "2025-01-01T00:00:00.000Z",
      created_by: null,
      updated_at: "2025-01-01T00:00:00.000Z",
      version: 1,
    };
    expect(validate(spec, schema, record)).toEqual([]);
    expect(validate(spec, schema, { ...record, provider_key: "sk-FAKE" })).toEqual([
      "$: unexpected provider_key",
    ]);
    const { version: _, ...withoutVersion } = record;
    expect(validate(spec, schema, withoutVersion)).toEqual(["$: missing version"]);
    expect(
      validate(spec, schema, {
        ...record,
        preview: { type: "api_key", key: "sk-FAKE", secret: "x" },
      }),
    ).not.toEqual([]);
  });

  it("describes exactly the routes of src/internal/routes.ts", () => {
    const fromRoutes = Object.values(routes).map((route) => {
      const { method, path } = route("org_spec", "pk_spec");
      return `${method} ${templateOf(path)}`;
    });
    const fromSpec = Object.entries<Record<string, unknown>>(spec.paths).flatMap(
      ([template, item]) =>
        METHODS.filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${template}`),
    );
    expect(fromRoutes.sort()).toEqual(fromSpec.sort());
  });

  it("matches the local backend's responses, success and error alike", async () => {
    const local = createLocalBackend({
      token: TOKEN,
      apiKeys: [{ id: "key_staging", name: "Staging" }],
      validators: {
        bedrock: async () => ({
          ok: false,
          status: "invalid_credentials",
          message: "rejected",
          latency_ms: 2,
          regions: [
            { region: "global", ok: false, status: "invalid_credentials", message: "rejected" },
          ],
        }),
        openai: async () => ({
          ok: true,
          status: "valid",
          message: "ok",
          latency_ms: 1,
          http_status: 200,
        }),
      },
    });
    const openai = await checked(local, "POST", "/provider-keys", {
      body: { provider: "openai", name: "Spec", provider_key: fakeApiKey() },
      headers: { "Idempotency-Key": "spec-1" },
    });
    const bedrock = await checked(local, "POST", "/provider-keys", {
      body: {
        provider: "bedrock",
        name: "AWS",
        provider_key: { global: fakeRegion({ sessionToken: true }) },
        api_key_ids: ["key_staging"],
      },
    });
    await checked(local, "POST", "/provider-keys", {
      body: {
        provider: "azure",
        name: "Azure",
        provider_key: {
          endpoint: "https://fake.openai.azure.com",
          api_key: fakeApiKey("FAKEazure"),
        },
      },
    });
    await checked(local, "POST", "/provider-keys", { body: { provider: "openai", name: "" } });
    await checked(local, "POST", "/provider-keys", { body: "{", headers: {} });
    await checked(local, "POST", "/provider-keys", {
      body: "{}",
      headers: { "Content-Type": "text/plain" },
    });
    await checked(local, "POST", "/provider-keys", { body: { name: "x".repeat(70_000) } });
    await checked(local, "POST", "/provider-keys", {
      body: { provider: "openai", name: "Other", provider_key: fakeApiKey() },
      headers: { "Idempotency-Key": "spec-1" },
    });
    await checked(local, "GET", "/provider-keys");
    await checked(local, "GET", "/provider-keys?limit=1");
    await checked(local, "GET", "/provider-keys?limit=1000");
    await checked(local, "GET", "/provider-keys", { token: "wrong" });
    await checked(local, "PUT", "/provider-keys");
    await checked(local, "GET", `/provider-keys/${openai.json.id}`);
    await checked(local, "GET", "/provider-keys/pk_missing");
    await checked(local, "POST", `/provider-keys/${openai.json.id}`, {
      body: { name: "Renamed" },
      headers: { "If-Match": '"1"' },
    });
    await checked(local, "POST", `/provider-keys/${openai.json.id}`, {
      body: { name: "Stale" },
      headers: { "If-Match": '"1"' },
    });
    await checked(local, "POST", `/provider-keys/${bedrock.json.id}`, {
      body: { provider_key: { "eu-west-1": { access_key_id: fakeRegion().access_key_id } } },
    });
    await checked(local, "POST", "/provider-keys/test", {
      body: { provider: "openai", provider_key: fakeApiKey() },
    });
    await checked(local, "POST", "/provider-keys/test", { body: { provider: "openai" } });
    await checked(local, "POST", `/provider-keys/${bedrock.json.id}/test`);
    await checked(local, "POST", "/provider-keys/resolve", {
      body: { provider: "openai", api_key_id: "key_staging" },
    });
    await checked(local, "POST", "/provider-keys/resolve", {
      body: { provider: "bedrock", api_key_id: "key_staging", region: "eu-west-3" },
    });
    await checked(local, "POST", "/provider-keys/resolve", {
      body: { provider: "bedrock", api_key_id: "key_staging", region: "global" },
    });
    await checked(local, "POST", "/provider-keys/resolve", { body: { provider: "mistral" } });
    await checked(local, "GET", "/api_keys");
    await checked(local, "GET", "/api_keys?limit=1");
    const created = await checked(local, "POST", "/api_keys", {
      body: { name: "Spec", type: "api", models: ["openai/gpt-5.2"], expires_in_days: 30 },
    });
    await checked(local, "POST", "/api_keys", { body: { name: "" } });
    await checked(local, "GET", `/api_keys/${created.json.id}`);
    await checked(local, "GET", "/api_keys/key_missing");
    await checked(local, "POST", `/api_keys/${created.json.id}`, { body: { active: false } });
    await checked(local, "POST", `/api_keys/${created.json.id}`, { body: { active: "no" } });
    await checked(local, "GET", `/api_keys/${created.json.id}/reveal`);
    await checked(local, "POST", "/api_keys/get-or-create", {
      body: { coding_assistant: "claude_code" },
    });
    await checked(local, "POST", "/api_keys/get-or-create", {
      body: { coding_assistant: "claude_code" },
    });
    await checked(local, "DELETE", `/api_keys/${created.json.id}`);
    await checked(local, "POST", "/provider-keys/resolve", {
      body: { provider: "mistral", byok_only: true },
    });
    await checked(local, "GET", "/v1/organizations");
    await checked(local, "GET", "/v1/organizations/org_spec");
    await checked(local, "DELETE", `/provider-keys/${openai.json.id}`, {
      headers: { "If-Match": '"1"' },
    });
    await checked(local, "DELETE", `/provider-keys/${openai.json.id}`);
    await checked(local, "DELETE", `/provider-keys/${openai.json.id}`);
    // Every operation was seen answering 200/201 at least once.
    const operations = Object.entries<Record<string, unknown>>(spec.paths).flatMap(
      ([template, item]) =>
        METHODS.filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${template}`),
    );
    for (const operation of operations) {
      expect(
        [...exercised].some((seen) => seen.startsWith(operation) && / 20[01]$/.test(seen)),
        operation,
      ).toBe(true);
    }
    expect(exercised).toContain("POST /v1/organizations/{org_id}/provider-keys/{id} 412");
    expect(exercised).toContain("POST /v1/organizations/{org_id}/provider-keys 409");
    expect(exercised).toContain("POST /v1/organizations/{org_id}/provider-keys 413");
  });
});
