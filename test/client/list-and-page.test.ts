/**
 * `PagePromise`, what every `list()` returns, on its own (a fake page fetcher records each
 * call), and `providerKeys.list()` built on it against the server.
 */
import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { PagePromise } from "../../src/client/page.js";
import { ValidationError } from "../../src/errors/index.js";
import type { ListPage } from "../../src/providers/record.js";
import { API, record, testClient, useMockServer } from "./harness.js";

const { server, sent } = useMockServer();
const client = testClient();

function page(
  data: string[],
  more: { has_more: boolean; last_key: string | null },
): ListPage<string> {
  return { object: "list", url: "/items", data, ...more };
}

/** A page fetcher serving `pages` by start key, recording every start key it is asked for. */
function fetcher(pages: Record<string, ListPage<string>>) {
  const asked: (string | undefined)[] = [];
  const fetchPage = async (startKey: string | undefined) => {
    asked.push(startKey);
    const found = pages[startKey === undefined ? "first" : String(startKey)];
    if (found === undefined) throw new Error(`no page after ${String(startKey)}`);
    return found;
  };
  return { asked, fetchPage };
}

const THREE_PAGES = {
  first: page(["a", "b"], { has_more: true, last_key: "b" }),
  b: page(["c", "d"], { has_more: true, last_key: "d" }),
  d: page(["e"], { has_more: false, last_key: null }),
};

describe("PagePromise", () => {
  it("fetches nothing until used, then the first page once however it is used", async () => {
    const { asked, fetchPage } = fetcher(THREE_PAGES);
    const list = new PagePromise(fetchPage);
    expect(asked).toEqual([]);

    expect(await list).toBe(THREE_PAGES.first);
    expect(await list.then((first) => first.data)).toEqual(["a", "b"]);
    await list.finally(() => {});
    await list.catch(() => undefined);
    expect(asked).toEqual([undefined]);
  });

  it("starts from the start key it was given", async () => {
    const { asked, fetchPage } = fetcher(THREE_PAGES);
    const items: string[] = [];
    for await (const item of new PagePromise(fetchPage, "b")) items.push(item);
    expect(items).toEqual(["c", "d", "e"]);
    expect(asked).toEqual(["b", "d"]);
  });

  it("iterates every item of every page, following last_key", async () => {
    const { asked, fetchPage } = fetcher(THREE_PAGES);
    const items: string[] = [];
    for await (const item of new PagePromise(fetchPage)) items.push(item);
    expect(items).toEqual(["a", "b", "c", "d", "e"]);
    expect(asked).toEqual([undefined, "b", "d"]);
  });

  it("walks the pages themselves, reusing the first page already fetched", async () => {
    const { asked, fetchPage } = fetcher(THREE_PAGES);
    const list = new PagePromise(fetchPage);
    await list;
    const pages: ListPage<string>[] = [];
    for await (const each of list.pages()) pages.push(each);
    expect(pages).toEqual([THREE_PAGES.first, THREE_PAGES.b, THREE_PAGES.d]);
    expect(asked).toEqual([undefined, "b", "d"]);
  });

  it("stops at has_more: false even when the page names a last_key", async () => {
    const { asked, fetchPage } = fetcher({
      first: page(["a"], { has_more: false, last_key: "a" }),
      a: page(["never"], { has_more: false, last_key: null }),
    });
    const items: string[] = [];
    for await (const item of new PagePromise(fetchPage)) items.push(item);
    expect(items).toEqual(["a"]);
    expect(asked).toEqual([undefined]);
  });

  it("stops when has_more comes without a last_key to follow", async () => {
    const { asked, fetchPage } = fetcher({
      first: page(["a"], { has_more: true, last_key: null }),
    });
    const items: string[] = [];
    for await (const item of new PagePromise(fetchPage)) items.push(item);
    expect(items).toEqual(["a"]);
    expect(asked).toEqual([undefined]);
  });

  it("hands a failure to catch, and to finally's caller", async () => {
    const failure = new Error("first page failed");
    const list = new PagePromise<string>(() => Promise.reject(failure));
    let finished = 0;

    expect(await list.catch((error: unknown) => ({ caught: error }))).toEqual({ caught: failure });
    await expect(list.finally(() => (finished += 1))).rejects.toBe(failure);
    await expect(list.then(undefined, (error: unknown) => error)).resolves.toBe(failure);
    expect(finished).toBe(1);
  });

  it("passes the page through catch and finally when nothing failed", async () => {
    const { fetchPage } = fetcher(THREE_PAGES);
    const list = new PagePromise(fetchPage);
    let finished = 0;
    expect(await list.catch(() => "caught")).toBe(THREE_PAGES.first);
    expect(await list.finally(() => (finished += 1))).toBe(THREE_PAGES.first);
    expect(finished).toBe(1);
  });

  it("reports itself as a PagePromise", () => {
    const list = new PagePromise(fetcher(THREE_PAGES).fetchPage);
    expect(Object.prototype.toString.call(list)).toBe("[object PagePromise]");
  });
});

describe("providerKeys.list", () => {
  it("rejects an invalid query however it is consumed, sending nothing", async () => {
    const issues = [{ path: "limit", message: "must be a whole number from 1 to 100" }];
    const list = client.providerKeys.list({ limit: 0 });

    const caught = await list.catch((error: unknown) => error);
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as ValidationError).issues).toEqual(issues);
    await expect(list).rejects.toBe(caught);
    const iterate = async () => {
      for await (const _ of list) {
        // never reached
      }
    };
    await expect(iterate()).rejects.toBe(caught);
    expect(sent).toHaveLength(0);
  });

  it("sends the filters on every page and start_key only from the second", async () => {
    let calls = 0;
    server.use(
      http.get(`${API}/provider-keys`, () => {
        calls += 1;
        return HttpResponse.json({
          object: "list",
          url: "/v1/organizations/org_1/provider-keys",
          has_more: calls === 1,
          last_key: calls === 1 ? `pk_${calls}` : null,
          data: [record({ id: `pk_${calls}` })],
        });
      }),
    );
    const ids: string[] = [];
    for await (const key of client.providerKeys.list({ provider: "openai", limit: 1 })) {
      ids.push(key.id);
    }
    expect(ids).toEqual(["pk_1", "pk_2"]);
    expect(sent.map((request) => Object.fromEntries(request.url.searchParams))).toEqual([
      { provider: "openai", limit: "1" },
      { provider: "openai", limit: "1", start_key: "pk_1" },
    ]);
  });

  it("stops at has_more: false even when the server names a last_key", async () => {
    server.use(
      http.get(`${API}/provider-keys`, ({ request }) => {
        const startKey = new URL(request.url).searchParams.get("start_key");
        return HttpResponse.json({
          object: "list",
          url: "/",
          has_more: false,
          last_key: startKey === null ? "pk_1" : null,
          data: [record({ id: startKey === null ? "pk_1" : "pk_after" })],
        });
      }),
    );
    const ids: string[] = [];
    for await (const key of client.providerKeys.list()) ids.push(key.id);
    expect(ids).toEqual(["pk_1"]);
    expect(sent).toHaveLength(1);
  });
});
