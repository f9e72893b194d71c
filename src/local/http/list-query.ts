import { badParam } from "./responses.js";

export type OrderDirection = "ASC" | "DESC";

/** Where a page starts: just after this item, in the list's order. */
export interface Cursor {
  readonly created_at: string;
  readonly id: string;
}

/** The paging parameters every list takes. */
export interface ListQuery {
  readonly limit: number;
  readonly direction: OrderDirection;
  readonly startKey: Cursor | undefined;
}

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

/**
 * `?limit=&start_key=&order_direction=` with DESIGN.md's defaults (20, newest first).
 * A bad value is a 400 naming the parameter; unknown parameters are ignored.
 */
export function parseListQuery(params: URLSearchParams): ListQuery {
  const limitText = params.get("limit");
  let limit = DEFAULT_LIMIT;
  if (limitText !== null) {
    limit = /^\d{1,3}$/.test(limitText) ? Number(limitText) : Number.NaN;
    if (!(limit >= 1 && limit <= MAX_LIMIT)) {
      throw badParam("limit", `must be an integer from 1 to ${MAX_LIMIT}`);
    }
  }
  const directionText = params.get("order_direction");
  let direction: OrderDirection = "DESC";
  if (directionText !== null) {
    const upper = directionText.toUpperCase();
    if (upper !== "ASC" && upper !== "DESC")
      throw badParam("order_direction", "must be ASC or DESC");
    direction = upper;
  }
  const startKeyText = params.get("start_key");
  let startKey: Cursor | undefined;
  if (startKeyText !== null) {
    startKey = decodeCursor(startKeyText);
    if (!startKey) throw badParam("start_key", "must be a last_key returned by this list");
  }
  return { limit, direction, startKey };
}

/** An opaque `last_key`: the sort key of the page's last item, so it survives that item's deletion. */
export function encodeCursor(item: Cursor): string {
  return btoa(`${item.created_at}|${item.id}`)
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

function decodeCursor(text: string): Cursor | undefined {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(text)) return undefined;
  let decoded: string;
  try {
    decoded = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  } catch {
    return undefined;
  }
  const bar = decoded.indexOf("|");
  if (bar <= 0 || bar === decoded.length - 1) return undefined;
  const created_at = decoded.slice(0, bar);
  if (Number.isNaN(Date.parse(created_at))) return undefined;
  return { created_at, id: decoded.slice(bar + 1) };
}

/** Orders by `created_at`, then `id`: a total order, so pages never skip or repeat an item. */
export function compareCursors(a: Cursor, b: Cursor): number {
  if (a.created_at !== b.created_at) return a.created_at < b.created_at ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export interface Page<T> {
  readonly data: T[];
  readonly has_more: boolean;
  readonly last_key: string | null;
}

/**
 * One page of `sortedAscending` (ordered by {@link compareCursors}) after the query's cursor,
 * keeping the items `keep` accepts. Finds the cursor by binary search, so paging costs the
 * page, not the list.
 */
export function paginate<T extends Cursor>(
  sortedAscending: readonly T[],
  query: ListQuery,
  keep: (item: T) => boolean = () => true,
): Page<T> {
  const ascending = query.direction === "ASC";
  const step = ascending ? 1 : -1;
  let index = ascending ? 0 : sortedAscending.length - 1;
  if (query.startKey) {
    const after = firstAfter(sortedAscending, query.startKey);
    index = ascending ? after : firstAtOrAfter(sortedAscending, query.startKey) - 1;
  }
  const data: T[] = [];
  let has_more = false;
  for (; index >= 0 && index < sortedAscending.length; index += step) {
    const item = sortedAscending[index]!;
    if (!keep(item)) continue;
    if (data.length === query.limit) {
      has_more = true;
      break;
    }
    data.push(item);
  }
  const last = data.at(-1);
  return { data, has_more, last_key: has_more && last ? encodeCursor(last) : null };
}

/** Index of the first item strictly after `cursor`. */
function firstAfter(items: readonly Cursor[], cursor: Cursor): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareCursors(items[mid]!, cursor) <= 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Index of the first item at or after `cursor`. */
function firstAtOrAfter(items: readonly Cursor[], cursor: Cursor): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareCursors(items[mid]!, cursor) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}
