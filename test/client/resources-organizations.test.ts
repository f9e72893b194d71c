/**
 * `client.organizations`: its list follows `last_key` across pages when a server pages it
 * (Edgee's own answer is one `{ data }`), asks its first page with no query at all, and every
 * organization is read to its documented fields.
 */
import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { ApiError, NotFoundError, ValidationError } from "../../src/errors/index.js";
import { apiError, ORIGIN, testClient, useMockServer } from "./harness.js";

const { server, sent } = useMockServer();
const client = testClient();

const LIST = `${ORIGIN}/v1/organizations`;
const org = (id: string) => ({ id, slug: `slug-${id}`, name: `Org ${id}` });

/** Three organizations, two per page, following `start_key` as the API does. */
function twoPerPage() {
  const all = [org("org_1"), org("org_2"), org("org_3")];
  return http.get(LIST, ({ request }) => {
    const startKey = new URL(request.url).searchParams.get("start_key");
    const from = startKey === null ? 0 : all.findIndex((o) => o.id === startKey) + 1;
    const data = all.slice(from, from + 2);
    const hasMore = from + 2 < all.length;
    return HttpResponse.json({
      object: "list",
      url: "/v1/organizations",
      has_more: hasMore,
      last_key: hasMore ? data.at(-1)!.id : null,
      data,
    });
  });
}

describe("organizations.list", () => {
  it("iterates every page, asking the first with no query and each next from the last key", async () => {
    server.use(twoPerPage());
    const ids: string[] = [];
    for await (const organization of client.organizations.list()) ids.push(organization.id);
    expect(ids).toEqual(["org_1", "org_2", "org_3"]);
    expect(sent.map((request) => request.url.href)).toEqual([LIST, `${LIST}?start_key=org_2`]);
  });

  it("awaits one page, read to its documented fields", async () => {
    server.use(twoPerPage());
    const page = await client.organizations.list();
    expect(page).toEqual({
      object: "list",
      url: "/v1/organizations",
      has_more: true,
      last_key: "org_2",
      data: [org("org_1"), org("org_2")],
    });
  });

  it("names the item of a page that is not an organization", async () => {
    server.use(http.get(LIST, () => HttpResponse.json({ data: [org("org_1"), { id: "org_2" }] })));
    const error = await client.organizations.list().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect((error as Error).message).toBe(
      "GET /v1/organizations → 200 unexpected_response: data[1].slug must be a string",
    );
  });
});

describe("organizations.get", () => {
  it("reads one organization by its encoded id, keeping byok_only and gateway_api_url", async () => {
    const acme = { ...org("org/2"), gateway_api_url: null, byok_only: true, plan: "pro" };
    server.use(http.get(`${LIST}/:id`, () => HttpResponse.json(acme)));
    expect(await client.organizations.get("org/2")).toEqual({
      id: "org/2",
      slug: "slug-org/2",
      name: "Org org/2",
      gateway_api_url: null,
      byok_only: true,
    });
    expect(sent[0]?.url.pathname).toBe("/v1/organizations/org%2F2");
  });

  it("rejects an unknown id with NotFoundError", async () => {
    server.use(http.get(`${LIST}/:id`, () => apiError(404, "not_found_error", "no such org")));
    await expect(client.organizations.get("org_9")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("refuses an id that climbs out of its collection, sending nothing", async () => {
    await expect(client.organizations.get("..")).rejects.toBeInstanceOf(ValidationError);
    expect(sent).toHaveLength(0);
  });
});
