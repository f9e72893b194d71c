import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { ApiError } from "../../src/errors/index.js";
import { API, record, testClient, useMockServer } from "./harness.js";

const { server, sent } = useMockServer();
const client = testClient();

/** Seven records served three per page, following `start_key` like the API does. */
function threePages() {
  const all = Array.from({ length: 7 }, (_, index) => record({ id: `pk_${index + 1}` }));
  return http.get(`${API}/provider-keys`, ({ request }) => {
    const url = new URL(request.url);
    const limit = Number(url.searchParams.get("limit") ?? 20);
    const startKey = url.searchParams.get("start_key");
    const from = startKey === null ? 0 : all.findIndex((key) => key.id === startKey) + 1;
    const data = all.slice(from, from + limit);
    const hasMore = from + limit < all.length;
    return HttpResponse.json({
      object: "list",
      url: "/v1/organizations/org_1/provider-keys",
      has_more: hasMore,
      last_key: hasMore ? data.at(-1)!.id : null,
      data,
    });
  });
}

describe("list pages", () => {
  it("awaits one page with the list envelope", async () => {
    server.use(threePages());
    const page = await client.providerKeys.list({ limit: 3 });

    expect(page).toMatchObject({
      object: "list",
      url: "/v1/organizations/org_1/provider-keys",
      has_more: true,
      last_key: "pk_3",
    });
    expect(page.data.map((key) => key.id)).toEqual(["pk_1", "pk_2", "pk_3"]);
    expect(sent).toHaveLength(1);
  });

  it("iterates every item across three pages, following last_key as start_key", async () => {
    server.use(threePages());
    const ids: string[] = [];
    for await (const key of client.providerKeys.list({ limit: 3, provider: "openai" })) {
      ids.push(key.id);
    }

    expect(ids).toEqual(["pk_1", "pk_2", "pk_3", "pk_4", "pk_5", "pk_6", "pk_7"]);
    expect(sent.map((request) => request.url.searchParams.get("start_key"))).toEqual([
      null,
      "pk_3",
      "pk_6",
    ]);
    // Filters and page size go with every page.
    for (const request of sent) {
      expect(request.url.searchParams.get("limit")).toBe("3");
      expect(request.url.searchParams.get("provider")).toBe("openai");
    }
  });

  it("starts iterating from the caller's start_key", async () => {
    server.use(threePages());
    const ids: string[] = [];
    for await (const key of client.providerKeys.list({ limit: 3, start_key: "pk_5" })) {
      ids.push(key.id);
    }
    expect(ids).toEqual(["pk_6", "pk_7"]);
  });

  it("walks pages one by one", async () => {
    server.use(threePages());
    const sizes: number[] = [];
    for await (const page of client.providerKeys.list({ limit: 3 }).pages()) {
      sizes.push(page.data.length);
    }
    expect(sizes).toEqual([3, 3, 1]);
  });

  it("sends nothing until it is awaited or iterated, and fetches the first page once", async () => {
    server.use(threePages());
    const list = client.providerKeys.list({ limit: 3 });
    expect(sent).toHaveLength(0);

    await list;
    await list;
    const ids: string[] = [];
    for await (const key of list) ids.push(key.id);

    expect(ids).toHaveLength(7);
    expect(sent).toHaveLength(3);
  });

  it("stops early without fetching more when the loop breaks", async () => {
    server.use(threePages());
    for await (const key of client.providerKeys.list({ limit: 3 })) {
      if (key.id === "pk_2") break;
    }
    expect(sent).toHaveLength(1);
  });

  it("refuses a server that answers has_more with the same last_key it was asked from", async () => {
    server.use(
      http.get(`${API}/provider-keys`, () =>
        HttpResponse.json({
          object: "list",
          url: "/",
          has_more: true,
          last_key: "pk_1",
          data: [record()],
        }),
      ),
    );
    const iterate = async () => {
      for await (const _ of client.providerKeys.list()) {
        // the second page repeats the first
      }
    };
    await expect(iterate()).rejects.toBeInstanceOf(ApiError);
    expect(sent).toHaveLength(2);
  });

  it("stops when has_more comes without a last_key", async () => {
    server.use(
      http.get(`${API}/provider-keys`, () =>
        HttpResponse.json({
          object: "list",
          url: "/",
          has_more: true,
          last_key: null,
          data: [record()],
        }),
      ),
    );
    const ids: string[] = [];
    for await (const key of client.providerKeys.list()) ids.push(key.id);
    expect(ids).toEqual(["pk_1"]);
  });

  it("iterates API keys across pages the same way", async () => {
    let calls = 0;
    server.use(
      http.get(`${API}/api_keys`, () => {
        calls += 1;
        return HttpResponse.json({
          object: "list",
          url: "/",
          has_more: calls === 1,
          last_key: calls === 1 ? "key_1" : null,
          data: [{ id: `key_${calls}`, name: `key ${calls}` }],
        });
      }),
    );
    const ids: string[] = [];
    for await (const apiKey of client.apiKeys.list({ limit: 1 })) ids.push(apiKey.id);
    expect(ids).toEqual(["key_1", "key_2"]);
    expect(sent[1]?.url.searchParams.get("start_key")).toBe("key_1");
  });

  it("is a thenable that reports itself as a PagePromise", () => {
    const list = client.providerKeys.list();
    expect(Object.prototype.toString.call(list)).toBe("[object PagePromise]");
    expect(typeof list.then).toBe("function");
    expect(typeof list[Symbol.asyncIterator]).toBe("function");
  });
});
