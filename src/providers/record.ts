import type { ProviderId } from "./ids.js";
import type { ProviderKeyPreview } from "./preview.js";

/**
 * A provider key as every read returns it: the secret is never there, only `preview`.
 * Edgee documents `id`, `provider`, `name`, `created_at` and `created_by`; the client fills
 * `object`, `api_key_ids` (`[]`) and `active` (`true`) when a server leaves them out, and the
 * other byokit extensions stay optional.
 */
export interface ProviderKey {
  readonly object: "provider_key";
  /** `pk_…` */
  readonly id: string;
  readonly provider: ProviderId;
  /** 1–100 characters. */
  readonly name: string;
  /**
   * Gateway API keys (`key_…`) this key serves; empty means the whole organization.
   * `undefined` means unknown: the server did not say (Edgee's documented answers may omit it),
   * which is not the whole organization.
   */
  readonly api_key_ids?: readonly string[];
  /** Inactive keys are kept but never resolved. `undefined`: the server did not say. */
  readonly active?: boolean;
  readonly preview?: ProviderKeyPreview;
  /** ISO 8601. */
  readonly created_at: string;
  readonly created_by: string | null;
  readonly updated_at?: string;
  /** Increments on every write; the `ETag` of the record and the `If-Match` of an update. */
  readonly version?: number;
}

/** A gateway API key (`key_…`) that an assignment can name. */
export interface ApiKey {
  readonly object?: "api_key";
  readonly id: string;
  readonly name: string;
  readonly active?: boolean;
  readonly created_at?: string;
}

/** The Console API's list envelope. */
export interface ListPage<T> {
  readonly object: "list";
  readonly url: string;
  readonly has_more: boolean;
  readonly last_key: string | null;
  readonly data: readonly T[];
}
