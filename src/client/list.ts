import type { ListPage } from "../providers/record.js";
import { PagePromise } from "./page.js";
import { toListPage } from "./parse-response.js";
import { toListQuery } from "./request-checks.js";
import type { Transport } from "./transport.js";
import type { ProviderKeyListQuery, RequestOptions } from "./types.js";

/**
 * The one implementation of every list call: checks the query once, then fetches pages on
 * demand, each with the previous page's `last_key` as `start_key`.
 */
export function listPages<T>(
  transport: Transport,
  route: { readonly method: string; readonly path: string },
  query: ProviderKeyListQuery | undefined,
  options: RequestOptions | undefined,
  item: (value: unknown, at: string) => T,
): PagePromise<T> {
  let base: Record<string, string | number>;
  try {
    base = toListQuery(query);
  } catch (error) {
    // Rejects when consumed, like every other call; nothing is ever sent.
    return new PagePromise<T>(() => Promise.reject(error));
  }
  const { start_key: firstKey, ...filters } = base;
  const { method, path } = route;
  const fetchPage = (startKey: string | undefined): Promise<ListPage<T>> =>
    transport.send({
      method,
      path,
      query: startKey === undefined ? filters : { ...filters, start_key: startKey },
      options,
      parse: (body) => toListPage(body, item, path, startKey),
    });
  return new PagePromise(fetchPage, firstKey as string | undefined);
}
