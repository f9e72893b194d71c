/** One schema change: applied once, in order, in its own transaction, recorded by `id`. */
export interface Migration {
  readonly id: number;
  readonly name: string;
  /** Unqualified SQL: it runs with `search_path` set to the store's schema. */
  readonly sql: string;
}
