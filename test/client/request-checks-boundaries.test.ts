/**
 * What a call accepts before anything is sent: ids in paths, `Idempotency-Key`, `If-Match` and
 * the list query, each at its edges, with the exact issue a caller reads when it is refused.
 */
import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { fakeOpenAiKey } from "./fixtures.js";
import { API, ORG_PATH, record, testClient, useMockServer } from "./harness.js";

const { server, sent, refusal } = useMockServer();
const client = testClient();

const EMPTY_PAGE = { object: "list", url: "/", has_more: false, last_key: null, data: [] };

describe("an id in the path", () => {
  const ID_ISSUE = [{ path: "id", message: "must be an id such as pk_…" }];

  it.each([
    ["empty", ""],
    ["the current folder", "."],
    ["the parent folder", ".."],
    ["201 characters long", "k".repeat(201)],
    ["not a string", 42],
  ])("%s: refused", async (_label, id) => {
    expect((await refusal(() => client.providerKeys.get(id as string))).issues).toEqual(ID_ISSUE);
  });

  it.each([
    ["200 characters long", "k".repeat(200)],
    ["three dots", "..."],
    ["a dot then a name", ".pk"],
  ])("%s: sent, encoded", async (_label, id) => {
    server.use(http.get(`${API}/provider-keys/:id`, () => HttpResponse.json(record())));
    await client.providerKeys.get(id);
    expect(sent[0]?.url.pathname).toBe(`${ORG_PATH}/provider-keys/${encodeURIComponent(id)}`);
  });
});

describe("Idempotency-Key", () => {
  const create = (idempotencyKey: unknown) =>
    client.providerKeys.create(
      { provider: "openai", name: "a", provider_key: fakeOpenAiKey() },
      { idempotencyKey: idempotencyKey as string },
    );

  it.each([
    ["one character", "k"],
    ["255 characters", "k".repeat(255)],
    ["every printable ASCII character", "!\"#$%&'()*+,-./09:;<=>?@AZ[\\]^_`az{|}~"],
  ])("%s: sent as is", async (_label, key) => {
    server.use(
      http.post(`${API}/provider-keys`, () => HttpResponse.json(record(), { status: 201 })),
    );
    await create(key);
    expect(sent[0]?.headers.get("idempotency-key")).toBe(key);
  });

  it.each([
    ["empty", ""],
    ["256 characters", "k".repeat(256)],
    ["with a leading space", " import-7"],
    ["with a trailing space", "import-7 "],
    ["with a space inside", "import 7"],
    ["with a DEL character", "import-7\x7f"],
    ["not a string", 7],
  ])("%s: refused", async (_label, key) => {
    expect((await refusal(() => create(key))).issues).toEqual([
      { path: "idempotencyKey", message: "must be 1 to 255 printable ASCII characters" },
    ]);
  });
});

describe("If-Match", () => {
  const remove = (ifMatch: unknown) =>
    client.providerKeys.delete("pk_1", { ifMatch: ifMatch as number });

  it.each([
    ["version 0", 0, '"0"'],
    ["version 12", 12, '"12"'],
    ["a strong ETag", '"3"', '"3"'],
    ["a weak ETag of several characters", 'W/"12"', 'W/"12"'],
    ["the empty ETag", '""', '""'],
    ["an ETag of every character it may hold", '"!#~"', '"!#~"'],
    ["a bare token of several characters", "v12", '"v12"'],
    ["a bare token of its edge characters", "!#~", '"!#~"'],
    ["a bare token of 200 characters", "v".repeat(200), `"${"v".repeat(200)}"`],
  ])("%s: sent as %s", async (_label, ifMatch, expected) => {
    server.use(
      http.delete(`${API}/provider-keys/pk_1`, () => new HttpResponse(null, { status: 204 })),
    );
    await remove(ifMatch);
    expect(sent[0]?.headers.get("if-match")).toBe(expected);
  });

  it.each([
    ["a negative version", -1],
    ["a fractional version", 1.5],
    ["NaN", Number.NaN],
    ["an empty string", ""],
    ["a version with a leading space", " 7"],
    ["a version with a trailing space", "7 "],
    ["a bare token of 201 characters", "v".repeat(201)],
    ["a bare token holding a quote", 'a"b'],
    ["text before an ETag", 'x"7"'],
    ["text after an ETag", '"7"x'],
    ["an ETag holding a quote", '"a"b"'],
    ["an ETag holding a DEL", '"\x7f"'],
    ["a bare DEL", "\x7f"],
    ["a boolean", true],
  ])("%s: refused", async (_label, ifMatch) => {
    expect((await refusal(() => remove(ifMatch))).issues).toEqual([
      { path: "ifMatch", message: "must be the record's version (a whole number) or its ETag" },
    ]);
  });
});

describe("the list query", () => {
  const listWith = (query: unknown) => client.providerKeys.list(query as never);

  it.each([
    ["limit 1", { limit: 1 }, { limit: "1" }],
    ["limit 100", { limit: 100 }, { limit: "100" }],
    ["newest first", { order_direction: "DESC" }, { order_direction: "DESC" }],
    ["oldest first", { order_direction: "ASC" }, { order_direction: "ASC" }],
    [
      "a 1024-character start_key",
      { start_key: "k".repeat(1024) },
      { start_key: "k".repeat(1024) },
    ],
    ["a provider", { provider: "azure" }, { provider: "azure" }],
    ["an API key id", { api_key_id: "key_1" }, { api_key_id: "key_1" }],
    ["nothing", undefined, {}],
    ["an empty query", {}, {}],
  ])("%s: sent as the query string", async (_label, query, expected) => {
    server.use(http.get(`${API}/provider-keys`, () => HttpResponse.json(EMPTY_PAGE)));
    await listWith(query);
    expect(Object.fromEntries(sent[0]?.url.searchParams ?? [])).toEqual(expected);
  });

  it.each([
    ["a string", "limit=5"],
    ["null", null],
    ["a number", 5],
  ])("%s instead of an object: refused", async (_label, query) => {
    expect((await refusal(() => listWith(query))).issues).toEqual([
      { path: "", message: "must be an object of list options" },
    ]);
  });

  const LIMIT = { path: "limit", message: "must be a whole number from 1 to 100" };
  const ORDER = { path: "order_direction", message: 'must be "ASC" or "DESC"' };
  const START_KEY = { path: "start_key", message: "must be the last_key of a previous page" };
  const PROVIDER = {
    path: "provider",
    message:
      "must be one of anthropic, openai, google_vertex_ai, mistral, deepseek, xai, zai, bedrock, azure",
  };
  const API_KEY_ID = { path: "api_key_id", message: "must be an API key id such as key_…" };

  it.each([
    ["limit 0", { limit: 0 }, LIMIT],
    ["limit 101", { limit: 101 }, LIMIT],
    ["a fractional limit", { limit: 2.5 }, LIMIT],
    ["a limit as text", { limit: "5" }, LIMIT],
    ["a lower-case order", { order_direction: "desc" }, ORDER],
    ["an empty start_key", { start_key: "" }, START_KEY],
    ["a 1025-character start_key", { start_key: "k".repeat(1025) }, START_KEY],
    ["a start_key that is not text", { start_key: 3 }, START_KEY],
    ["an unknown provider", { provider: "openai2" }, PROVIDER],
    ["a malformed API key id", { api_key_id: "key 1" }, API_KEY_ID],
  ])("%s: refused", async (_label, query, issue) => {
    expect((await refusal(() => listWith(query))).issues).toEqual([issue]);
  });

  it("names every wrong field at once", async () => {
    const error = await refusal(() =>
      listWith({
        limit: 0,
        order_direction: "up",
        start_key: "",
        provider: "nope",
        api_key_id: "",
      }),
    );
    expect(error.issues).toEqual([LIMIT, ORDER, START_KEY, PROVIDER, API_KEY_ID]);
  });

  it("is checked the same way for API keys", async () => {
    expect((await refusal(() => client.apiKeys.list({ limit: 101 }))).issues).toEqual([LIMIT]);
  });
});
