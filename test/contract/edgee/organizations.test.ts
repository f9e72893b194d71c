/**
 * Organizations: what Edgee's own client reads, parsed by byokit's client; and the local
 * backend's answers to the same requests, shape for shape.
 */
import { describe, expect, it } from "vitest";
import { createLocalBackend } from "../../../src/local/create-local-backend.js";
import {
  contractClient,
  type Fixture,
  fixtureFetch,
  ORG,
  shapeDifferences,
  TOKEN,
  useFixtureServer,
  useServedBackend,
} from "./api-keys-harness.js";

/**
 * Source: https://github.com/edgee-ai/edgee/blob/main/src/api.rs, `Organization` and
 * `list_organizations` (`{ data: [...] }`) / `get_organization`. Values are synthetic.
 */
const SOURCE = "https://github.com/edgee-ai/edgee/blob/main/src/api.rs";
const ACME = {
  id: ORG,
  slug: "acme",
  name: "Acme",
  gateway_api_url: "https://eu.gateway.example",
  mcp_injection_disabled: false,
};
const FIXTURES: Fixture[] = [
  { source: SOURCE, method: "GET", path: "/v1/organizations", status: 200, body: { data: [ACME] } },
  { source: SOURCE, method: "GET", path: `/v1/organizations/${ORG}`, status: 200, body: ACME },
];
const served = useFixtureServer(FIXTURES);

describe.each([
  ["over a loopback server", () => contractClient({ baseUrl: served.url() })],
  ["in-process", () => contractClient({ fetch: fixtureFetch(FIXTURES) })],
])("the client reads Edgee's organizations (%s)", (_, client) => {
  it("lists { data } and gets one, keeping gateway_api_url", async () => {
    const { mcp_injection_disabled: _, ...known } = ACME;
    const page = await client().organizations.list();
    expect(page.data).toEqual([known]);
    const all = [];
    for await (const org of client().organizations.list()) all.push(org);
    expect(all).toEqual([known]);
    expect(await client().organizations.get(ORG)).toEqual(known);
  });
});

const local = () =>
  createLocalBackend({
    token: TOKEN,
    organizations: [
      { id: ORG, slug: "acme", name: "Acme", gateway_api_url: "https://eu.gateway.example" },
    ],
  });
const backendServer = useServedBackend(local);

describe.each([
  ["in-process, through local.fetch", () => local().fetch],
  [
    "served on loopback",
    () => (path: string, init?: RequestInit) => fetch(`${backendServer.url()}${path}`, init),
  ],
])("the local backend answers in Edgee's shapes (%s)", (_, target) => {
  const get = async (path: string) =>
    (await target()(path, { headers: { Authorization: `Bearer ${TOKEN}` } })).json();

  it("GET /v1/organizations: { data: [...] } with Edgee's fields", async () => {
    const body = await get("/v1/organizations");
    expect(Object.keys(body)).toEqual(["data"]);
    expect(shapeDifferences(ACME, body.data[0])).toEqual(["mcp_injection_disabled: missing"]);
  });

  it("GET /v1/organizations/{id}: the same object", async () => {
    expect(shapeDifferences(ACME, await get(`/v1/organizations/${ORG}`))).toEqual([
      "mcp_injection_disabled: missing",
    ]);
  });
});
