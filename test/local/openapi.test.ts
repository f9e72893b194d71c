import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { routes } from "../../src/internal/routes.js";
import { createLocalBackend } from "../../src/local/create-local-backend.js";
import { call, fakeApiKey, fakeRegion, TOKEN } from "./helpers.js";
import { validate } from "./json-schema.js";

// JSON rather than YAML: read without a parser dependency.
const spec = JSON.parse(readFileSync(new URL("../../docs/openapi.json", import.meta.url), "utf8"));
const METHODS = ["get", "post", "patch", "delete"] as const;
const SOURCES = ["documented", "observed", "inferred", "extension"];
// biome-ignore lint/suspicious/noExplicitAny: the spec is arbitrary JSON
type Node = Record<string, any>;

/** Follows a local `$ref` (`#/components/...`) to what it names. */
function deref(node: Node): Node {
  if (!node?.$ref) return node;
  return deref(
    (node.$ref as string)
      .replace(/^#\//, "")
      .split("/")
      .reduce((at: Node, part: string) => at?.[part], spec),
  );
}

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

/** The operations of the spec, as `METHOD template`, without the aliases (PATCH = POST update). */
function specOperations({ aliases }: { aliases: boolean }): string[] {
  return Object.entries<Node>(spec.paths).flatMap(([template, item]) =>
    METHODS.filter((m) => item[m] && (aliases || !item[m]["x-byokit-alias-of"])).map(
      (m) => `${m.toUpperCase()} ${template}`,
    ),
  );
}

/** The documented response of an operation for a status: the exact code, else its `5XX` range. */
function documentedResponse(operation: Node, status: number): Node | undefined {
  const exact =
    operation.responses[String(status)] ?? operation.responses[`${String(status)[0]}XX`];
  return exact && deref(exact);
}

/** How the request relates to the spec's input schemas, for the checks below. */
type Conformance = "conforms" | "violates";

interface CheckedOptions {
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  readonly token?: string | null;
  /**
   * A 400 the server gives for a constraint must be one the spec states: the input must then
   * fail the spec's schema (`violates`). By default a 2xx answer's input must pass it.
   */
  readonly input?: Conformance;
}

const exercised = new Set<string>();

/** The spec's verdict on a request's input: body, query parameters and headers together. */
function inputErrors(operation: Node, pathItem: Node, url: URL, options: CheckedOptions) {
  const errors: string[] = [];
  const bodySchema = operation.requestBody?.content?.["application/json"]?.schema;
  if (bodySchema && options.body !== undefined && typeof options.body !== "string") {
    errors.push(...validate(spec, bodySchema, options.body, "body"));
  }
  const parameters = [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])].map(deref);
  for (const parameter of parameters) {
    const value =
      parameter.in === "query"
        ? url.searchParams.get(parameter.name)
        : parameter.in === "header"
          ? (options.headers?.[parameter.name] ?? null)
          : null;
    if (value === null) continue;
    const schema = deref(parameter.schema);
    const typed = schema.type === "integer" && /^-?\d+$/.test(value) ? Number(value) : value;
    errors.push(...validate(spec, parameter.schema, typed, parameter.name));
  }
  return errors;
}

/** Calls the backend and checks the answer (and the request) against the operation's spec. */
async function checked(
  local: ReturnType<typeof createLocalBackend>,
  method: string,
  path: string,
  options: CheckedOptions = {},
) {
  // A path under `/v1/` is absolute (the organizations); any other is under the organization.
  const absolute = path.startsWith("/v1/");
  const response = await call(local, method, absolute ? `/../../..${path}` : path, options);
  const url = new URL(absolute ? path : `/v1/organizations/org_spec${path}`, "http://localhost");
  const template = templateOf(url.pathname);
  expect(template, `no spec path for ${url.pathname}`).toBeDefined();
  const pathItem = spec.paths[template!];
  const operation = pathItem[method.toLowerCase()];
  const label = `${method} ${template} → ${response.status}`;
  if (!operation) {
    // A method the path does not have: the 405 every operation of the path documents.
    expect(response.status, label).toBe(405);
    const sibling = METHODS.map((m) => pathItem[m]).find(Boolean);
    checkResponse(documentedResponse(sibling, 405)!, response, label);
    expect(response.headers.get("Allow")?.split(", ").sort()).toEqual(
      METHODS.filter((m) => pathItem[m])
        .map((m) => m.toUpperCase())
        .sort(),
    );
    return response;
  }
  const documented = documentedResponse(operation, response.status);
  expect(documented, `${label} is not documented`).toBeDefined();
  checkResponse(documented!, response, label);
  const verdict = inputErrors(operation, pathItem, url, options);
  if (options.input === "violates") {
    expect(response.status, label).toBe(400);
    expect(verdict, `${label}: the server refused an input the spec allows`).not.toEqual([]);
  } else if (response.status < 300) {
    expect(verdict, `${label}: the spec refuses an input the server took`).toEqual([]);
  }
  exercised.add(`${method.toUpperCase()} ${template} ${response.status}`);
  return response;
}

function checkResponse(
  documented: Node,
  response: Awaited<ReturnType<typeof call>>,
  label: string,
) {
  expect(SOURCES, `${label}: x-byokit-source`).toContain(documented["x-byokit-source"]);
  const schema = documented.content["application/json"].schema;
  expect(validate(spec, schema, response.json), label).toEqual([]);
  if (response.status >= 400) {
    // byokit's own answers use the first of Edgee's three error shapes.
    expect(validate(spec, { $ref: "#/components/schemas/ErrorWithType" }, response.json)).toEqual(
      [],
    );
  }
  for (const [name, header] of Object.entries<Node>(documented.headers ?? {})) {
    const resolved = deref(header);
    if (resolved.required || name === "ETag") {
      const value = response.headers.get(name);
      expect(value, `${name} on ${label}`).not.toBeNull();
      if (resolved.schema?.pattern) expect(value).toMatch(new RegExp(resolved.schema.pattern));
    }
  }
}

describe("docs/openapi.json", () => {
  it("marks every operation, response, schema, field and parameter with its source", () => {
    const unmarked: string[] = [];
    const mark = (where: string, node: Node) => {
      if (!SOURCES.includes(node["x-byokit-source"])) unmarked.push(where);
      else if (!String(node.description).includes(`Source: ${node["x-byokit-source"]}`))
        unmarked.push(`${where} (description)`);
    };
    for (const [template, item] of Object.entries<Node>(spec.paths)) {
      for (const method of METHODS) {
        const operation = item[method];
        if (!operation) continue;
        mark(`${method} ${template}`, operation);
        for (const [status, response] of Object.entries<Node>(operation.responses))
          mark(`${method} ${template} ${status}`, deref(response));
        expect(operation.summary, `${method} ${template}`).toBeTruthy();
        expect(operation.tags, `${method} ${template}`).toHaveLength(1);
      }
    }
    for (const [name, schema] of Object.entries<Node>(spec.components.schemas)) {
      mark(name, schema);
      for (const [field, property] of Object.entries<Node>(schema.properties ?? {}))
        mark(`${name}.${field}`, property);
    }
    for (const [name, parameter] of Object.entries<Node>(spec.components.parameters))
      mark(name, parameter);
    expect(unmarked).toEqual([]);
    expect(spec.info.license.identifier).toBe("MIT");
  });

  it("requires of a provider key only Edgee's five documented fields, and allows more", () => {
    const schema = { $ref: "#/components/schemas/ProviderKey" };
    // Edgee's documented create response (console-api-provider-keys), values synthetic.
    const edgee = {
      id: "0b8e6c1e-6f1a-4c39-9d43-7a2c3f0e2a11",
      provider: "openai",
      name: "Production OpenAI",
      created_at: "2026-01-15T10:00:00Z",
      created_by: "user_123",
    };
    expect(validate(spec, schema, edgee)).toEqual([]);
    expect(validate(spec, schema, { ...edgee, active: true, something_new: 1 })).toEqual([]);
    const { created_by: _, ...withoutCreator } = edgee;
    expect(validate(spec, schema, withoutCreator)).toEqual(["$: missing created_by"]);
    expect(
      validate(spec, schema, { ...edgee, preview: { type: "api_key", key: "sk-...WXYZ", x: 1 } }),
    ).not.toEqual([]);
  });

  it("types each provider's credentials: Bedrock regions, Azure, Vertex, and their JSON text", () => {
    const create = { $ref: "#/components/schemas/CreateProviderKeyRequest" };
    const region = fakeRegion();
    const bedrock = { provider: "bedrock", name: "AWS", provider_key: { "eu-west-3": region } };
    expect(validate(spec, create, bedrock)).toEqual([]);
    expect(
      validate(spec, create, { ...bedrock, provider_key: JSON.stringify(bedrock.provider_key) }),
    ).toEqual([]);
    expect(validate(spec, create, { ...bedrock, provider_key: { mars: region } })).not.toEqual([]);
    const temporary = { ...region, access_key_id: `ASIA${region.access_key_id.slice(4)}` };
    expect(validate(spec, create, { ...bedrock, provider_key: { global: temporary } })).not.toEqual(
      [],
    );
    const azure = {
      provider: "azure",
      name: "Azure",
      provider_key: { endpoint: "https://fake.openai.azure.com", api_key: fakeApiKey() },
    };
    expect(validate(spec, create, azure)).toEqual([]);
    expect(
      validate(spec, create, {
        ...azure,
        provider_key: { ...azure.provider_key, endpoint: "http://x" },
      }),
    ).not.toEqual([]);
    const vertex = {
      provider: "google_vertex_ai",
      name: "Vertex",
      provider_key: {
        type: "service_account",
        project_id: "fake-project",
        private_key_id: "0123456789abcdef",
        private_key: "-----BEGIN PRIVATE KEY-----\\nFAKE\\n-----END PRIVATE KEY-----\\n",
        client_email: "fake@fake-project.iam.gserviceaccount.com",
        client_id: "kept",
      },
    };
    expect(validate(spec, create, vertex)).toEqual([]);
    // A provider's credential is not another's: an OpenAI key is a string.
    expect(validate(spec, create, { ...azure, provider: "openai" })).not.toEqual([]);
  });

  it("admits Edgee's three error shapes", () => {
    const error = { $ref: "#/components/schemas/Error" };
    expect(validate(spec, error, { error: { type: "not_found_error", message: "m" } })).toEqual([]);
    expect(
      validate(spec, error, { error: { code: "usage_limit_exceeded", message: "m" } }),
    ).toEqual([]);
    expect(
      validate(spec, error, { error: "Unauthorized", message: "Invalid or expired API token" }),
    ).toEqual([]);
    expect(validate(spec, error, { error: { detail: "no message" } })).not.toEqual([]);
  });

  it("describes exactly the routes of src/internal/routes.ts (PATCH aliases aside)", () => {
    const fromRoutes = Object.values(routes).map((route) => {
      const { method, path } = route("org_spec", "pk_spec");
      return `${method} ${templateOf(path)}`;
    });
    expect(fromRoutes.sort()).toEqual(specOperations({ aliases: false }).sort());
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
        provider_key: JSON.stringify({
          endpoint: "https://fake.openai.azure.com",
          api_key: fakeApiKey("FAKEazure"),
        }),
      },
    });
    // Every constraint the server enforces on a create is one the spec states.
    for (const body of [
      { provider: "openai", name: "", provider_key: fakeApiKey() },
      { provider: "openai", name: "   ", provider_key: fakeApiKey() },
      { provider: "openai", name: "x".repeat(101), provider_key: fakeApiKey() },
      { provider: "openai", name: "Empty", provider_key: "" },
      { provider: "openai", name: "Missing" },
      { provider: "nope", name: "Unknown", provider_key: fakeApiKey() },
      { provider: "bedrock", name: "Bad region", provider_key: { mars: fakeRegion() } },
      { provider: "bedrock", name: "No region", provider_key: {} },
      {
        provider: "openai",
        name: "Twice",
        provider_key: fakeApiKey(),
        api_key_ids: ["key_a", "key_a"],
      },
      { provider: "openai", name: "Extra", provider_key: fakeApiKey(), extra: true },
    ]) {
      await checked(local, "POST", "/provider-keys", { body, input: "violates" });
    }
    await checked(local, "POST", "/provider-keys", {
      body: { provider: "openai", name: "Spec", provider_key: fakeApiKey() },
      headers: { "Idempotency-Key": "bad key with spaces" },
      input: "violates",
    });
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
    // Edgee's answer by default: a raw array; byokit's envelope only when paging is asked for.
    const list = await checked(local, "GET", "/provider-keys");
    expect.soft(Array.isArray(list.json), "GET /provider-keys answers a raw array").toBe(true);
    const page = await checked(local, "GET", "/provider-keys?limit=1");
    expect(page.json.object).toBe("list");
    await checked(local, "GET", `/provider-keys?limit=1&start_key=${page.json.last_key}`);
    await checked(local, "GET", "/provider-keys?limit=1000", { input: "violates" });
    await checked(local, "GET", "/provider-keys?start_key=not%20opaque", { input: "violates" });
    // A made-up key of the right shape is refused too: the spec says start_key is opaque.
    await checked(local, "GET", "/provider-keys?start_key=bWFkZS11cA");
    expect(exercised).toContain("GET /v1/organizations/{org_id}/provider-keys 400");
    await checked(local, "GET", "/provider-keys?provider=nope", { input: "violates" });
    await checked(local, "GET", "/provider-keys", { token: "wrong" });
    await checked(local, "PUT", "/provider-keys");
    await checked(local, "GET", `/provider-keys/${openai.json.id}`);
    await checked(local, "GET", "/provider-keys/pk_missing");
    // Update by POST (Edgee's convention), PATCH also accepted; If-Match by strong comparison.
    const renamed = await checked(local, "POST", `/provider-keys/${openai.json.id}`, {
      body: { name: "Renamed" },
      headers: { "If-Match": '"1"' },
    });
    expect.soft(renamed.status, "POST /provider-keys/{id} updates").toBe(200);
    await checked(local, "PATCH", `/provider-keys/${openai.json.id}`, {
      body: { name: "Patched" },
    });
    await checked(local, "PATCH", `/provider-keys/${openai.json.id}`, {
      body: { name: "Stale" },
      headers: { "If-Match": '"99"' },
    });
    expect(exercised).toContain("PATCH /v1/organizations/{org_id}/provider-keys/{id} 412");
    const current = await checked(local, "GET", `/provider-keys/${openai.json.id}`);
    const weak = await checked(local, "PATCH", `/provider-keys/${openai.json.id}`, {
      body: { name: "Weak" },
      headers: { "If-Match": `W/${current.headers.get("ETag")}` },
    });
    expect.soft(weak.status, "a weak If-Match never matches (RFC 9110)").toBe(412);
    await checked(local, "PATCH", `/provider-keys/${openai.json.id}`, {
      body: { name: "Malformed" },
      headers: { "If-Match": "version-two" },
      input: "violates",
    });
    await checked(local, "PATCH", `/provider-keys/${openai.json.id}`, {
      body: { name: "Any" },
      headers: { "If-Match": "*" },
    });
    await checked(local, "PATCH", `/provider-keys/${bedrock.json.id}`, {
      body: { provider_key: { "eu-west-1": { access_key_id: fakeRegion().access_key_id } } },
    });
    await checked(local, "PATCH", `/provider-keys/${bedrock.json.id}`, {
      body: { provider_key: { "eu-west-1": {} } },
    });
    await checked(local, "PATCH", `/provider-keys/${bedrock.json.id}`, {
      body: { active: "no" },
      input: "violates",
    });
    await checked(local, "POST", "/provider-keys/test", {
      body: { provider: "openai", provider_key: fakeApiKey() },
    });
    await checked(local, "POST", "/provider-keys/test", {
      body: { provider: "openai" },
      input: "violates",
    });
    await checked(local, "POST", "/provider-keys/test", {
      body: { provider: "nope", provider_key: fakeApiKey() },
      input: "violates",
    });
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
    // Other providers ignore `region`: any short string passes, and the spec says so.
    await checked(local, "POST", "/provider-keys/resolve", {
      body: { provider: "mistral", region: "anything" },
    });
    for (const region of ["", "mars", "EU-WEST-3"]) {
      await checked(local, "POST", "/provider-keys/resolve", {
        body: { provider: "bedrock", region },
        input: "violates",
      });
    }
    await checked(local, "GET", "/api_keys");
    await checked(local, "GET", "/api_keys?limit=1");
    const created = await checked(local, "POST", "/api_keys", {
      body: { name: "Spec", type: "api", models: ["openai/gpt-5.2"], expires_in_days: 30 },
    });
    for (const body of [
      { name: "" },
      { name: "Agent", type: "coding_agent" },
      { name: "Api", coding_assistant: "codex" },
      { name: "Usage", max_usage: -1 },
      { name: "Days", expires_in_days: 0 },
      { name: "Mail", email: "not an email" },
    ]) {
      await checked(local, "POST", "/api_keys", { body, input: "violates" });
    }
    await checked(local, "GET", `/api_keys/${created.json.id}`);
    await checked(local, "GET", "/api_keys/key_missing");
    await checked(local, "POST", `/api_keys/${created.json.id}`, { body: { active: false } });
    await checked(local, "PATCH", `/api_keys/${created.json.id}`, { body: { max_usage: null } });
    await checked(local, "POST", `/api_keys/${created.json.id}`, {
      body: { active: "no" },
      input: "violates",
    });
    await checked(local, "POST", `/api_keys/${created.json.id}`, { body: {}, input: "violates" });
    await checked(local, "GET", `/api_keys/${created.json.id}/reveal`);
    await checked(local, "POST", "/api_keys/get-or-create", {
      body: { coding_assistant: "claude_code" },
    });
    await checked(local, "POST", "/api_keys/get-or-create", {
      body: { coding_assistant: "claude_code" },
    });
    await checked(local, "POST", "/api_keys/get-or-create", {
      body: { coding_assistant: "Claude Code" },
      input: "violates",
    });
    await checked(local, "DELETE", `/api_keys/${created.json.id}`);
    const rejected = await checked(local, "POST", "/provider-keys/resolve", {
      body: { provider: "mistral", byok_only: true },
    });
    expect(rejected.json.status).toBe("rejected");
    await checked(local, "GET", "/v1/organizations");
    await checked(local, "GET", "/v1/organizations/org_spec");
    await checked(local, "DELETE", `/provider-keys/${openai.json.id}`, {
      headers: { "If-Match": '"1"' },
    });
    await checked(local, "DELETE", `/provider-keys/${openai.json.id}`);
    await checked(local, "DELETE", `/provider-keys/${openai.json.id}`);
    // Every operation was seen answering 200/201 at least once.
    for (const operation of specOperations({ aliases: true })) {
      expect
        .soft(
          [...exercised].some((seen) => seen.startsWith(`${operation} `) && / 20[01]$/.test(seen)),
          operation,
        )
        .toBe(true);
    }
    for (const seen of [
      "POST /v1/organizations/{org_id}/provider-keys 409",
      "POST /v1/organizations/{org_id}/provider-keys 413",
      "POST /v1/organizations/{org_id}/provider-keys 415",
      "DELETE /v1/organizations/{org_id}/provider-keys/{id} 412",
      "GET /v1/organizations/{org_id}/provider-keys 401",
    ]) {
      expect(exercised).toContain(seen);
    }
  });
});
