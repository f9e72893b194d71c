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

/**
 * A gateway API key (`key_…`): what authenticates requests to the gateway, and what a provider
 * key's `api_key_ids` names. Edgee documents every field but `preview` (a byokit extension) and
 * `byok_only`, `created` and `user_id` (observed in Edgee's own client); the client copies the
 * fields a server sends and invents none, so only `id` and `name` are always there.
 *
 * `expires_at` is kept as sent: Edgee sends `"0001-01-01T00:00:00Z"` for a key that never
 * expires; read it with `apiKeyExpiresAt()`. The secret `key` is there only in the answers of
 * `create()`, `getOrCreate()` (when it created the key) and `reveal()`, and it is not
 * enumerable: `JSON.stringify` and `util.inspect` of the record never show it.
 */
export interface ApiKey {
  readonly object: "ai_gateway_api_key";
  /** `key_…` */
  readonly id: string;
  readonly organization_id?: string;
  readonly name: string;
  /** `api` (gateway requests) or `coding_agent` (a coding assistant's key). */
  readonly type?: "api" | "coding_agent";
  /** `claude_code`, `opencode`, `codex`, …; `null` for an `api` key. */
  readonly coding_assistant?: string | null;
  /** The models this key may call; empty or absent: no restriction. */
  readonly models?: readonly string[] | null;
  /** Monthly usage limit in USD; `null`: none. */
  readonly max_usage?: number | null;
  readonly active?: boolean;
  readonly debug_mode?: boolean;
  /** ISO 8601. */
  readonly created_at?: string;
  /** ISO 8601; `"0001-01-01T00:00:00Z"` (Edgee's sentinel) means never. See `apiKeyExpiresAt()`. */
  readonly expires_at?: string;
  readonly last_used_at?: string | null;
  /**
   * The effective BYOK-only setting (organization > key; Edgee also has squads): the gateway
   * routes this key only through the organization's own provider keys and refuses what none
   * can serve.
   */
  readonly byok_only?: boolean;
  /** byokit extension: the key masked (`ek_live_...AbCd`), for display. */
  readonly preview?: string;
  /** `getOrCreate()` only: `true` when the key was created by this call. */
  readonly created?: boolean;
  /** observed in Edgee's list: the member the key belongs to. */
  readonly user_id?: string | null;
  /** The secret; only from `create()`, `getOrCreate()` when created, and `reveal()`. Not enumerable. */
  readonly key?: string;
}

/** An API key with its secret, as `reveal()` returns it; `key` is not enumerable. */
export type RevealedApiKey = ApiKey & { readonly key: string };

/**
 * An organization (`GET /v1/organizations`, observed in Edgee's own client). `byok_only` is a
 * byokit extension the local backend reports.
 */
export interface Organization {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  /** The gateway base URL configured for the organization, when one is. */
  readonly gateway_api_url?: string | null;
  /** byokit extension: every API key of the organization is BYOK-only. */
  readonly byok_only?: boolean;
}

/** The Console API's list envelope. */
export interface ListPage<T> {
  readonly object: "list";
  readonly url: string;
  readonly has_more: boolean;
  readonly last_key: string | null;
  readonly data: readonly T[];
}
