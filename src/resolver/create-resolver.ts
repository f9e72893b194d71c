import type { ResolvableKey, Resolver } from "./types.js";

export function createResolver<K extends ResolvableKey>(_records: Iterable<K> = []): Resolver<K> {
  throw new Error("in progress");
}
