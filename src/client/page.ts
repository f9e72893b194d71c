import type { ListPage } from "../providers/record.js";

/** Fetches the page that starts after `startKey` (the first page when `undefined`). */
export type FetchPage<T> = (startKey: string | undefined) => Promise<ListPage<T>>;

/**
 * What every `list()` returns: awaiting it gives one page; iterating it with `for await`
 * gives every item of every page, following `last_key` as the next `start_key`. Nothing is
 * sent until it is awaited or iterated, and the first page is fetched once however it is used.
 *
 * @example
 * const page = await client.providerKeys.list({ limit: 50 }); // one page: page.data, page.has_more
 * for await (const key of client.providerKeys.list({ provider: "openai" })) console.log(key.name);
 */
export class PagePromise<T> implements PromiseLike<ListPage<T>>, AsyncIterable<T> {
  readonly #fetchPage: FetchPage<T>;
  readonly #startKey: string | undefined;
  #firstPage: Promise<ListPage<T>> | undefined;

  constructor(fetchPage: FetchPage<T>, startKey?: string) {
    this.#fetchPage = fetchPage;
    this.#startKey = startKey;
  }

  // biome-ignore lint/suspicious/noThenProperty: a PagePromise is awaitable by design.
  then<A = ListPage<T>, B = never>(
    onFulfilled?: ((page: ListPage<T>) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.#first().then(onFulfilled, onRejected);
  }

  catch<B = never>(
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<ListPage<T> | B> {
    return this.#first().catch(onRejected);
  }

  finally(onFinally?: (() => void) | null): Promise<ListPage<T>> {
    return this.#first().finally(onFinally);
  }

  /** Every page in turn, from the first. */
  async *pages(): AsyncGenerator<ListPage<T>, void, undefined> {
    let page = await this.#first();
    yield page;
    while (page.has_more && page.last_key !== null) {
      page = await this.#fetchPage(page.last_key);
      yield page;
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for await (const page of this.pages()) yield* page.data;
  }

  get [Symbol.toStringTag](): string {
    return "PagePromise";
  }

  #first(): Promise<ListPage<T>> {
    this.#firstPage ??= this.#fetchPage(this.#startKey);
    return this.#firstPage;
  }
}
