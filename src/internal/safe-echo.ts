/**
 * What of a value someone typed may be repeated back in an error. An id field, a flag or an
 * environment variable's name is exactly where a pasted secret lands (`keys get "$OPENAI_KEY"`,
 * `--secret-env "$OPENAI_KEY"`, `--sk-proj-…`), so errors say which item is wrong and repeat
 * at most this much of it:
 *
 * - a well-formed id (a lowercase type prefix, `_`, then letters, digits, `_` or `-`: `pk_…`,
 *   `key_…`, `org_…`) shows its prefix and its first 2 characters: `key_ab…`, always with `…`
 *   so its length is not told either;
 * - anything else is not repeated at all.
 *
 * The one rule for every echo in the SDK, the local backend and the CLI.
 */
const WELL_FORMED_ID = /^([a-z]{1,10}_)([A-Za-z0-9][A-Za-z0-9_-]{0,199})$/;

/** How many characters after the type prefix an echo keeps. */
const SHOWN = 2;

/**
 * A short, safe prefix of a well-formed id, or `undefined` when nothing of it may be shown.
 *
 * @example
 * idPrefix("key_abcdef123"); // "key_ab…"
 * idPrefix("sk-proj-abcdef"); // undefined
 */
export function idPrefix(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const match = WELL_FORMED_ID.exec(value);
  return match ? `${match[1]}${match[2]!.slice(0, SHOWN)}…` : undefined;
}

/**
 * An id as an error message may quote it: its {@link idPrefix}, or `fallback`.
 *
 * @example
 * `no provider key ${echoId("pk_7d9A2")}`; // "no provider key pk_7d…"
 * `no provider key ${echoId("sk-live-1234")}`; // "no provider key (not a well-formed id)"
 */
export function echoId(value: unknown, fallback = "(not a well-formed id)"): string {
  return idPrefix(value) ?? fallback;
}

/**
 * An API path as an error message may show it: the segment after `provider-keys/` or
 * `api_keys/` (the id the caller asked for) reduced to its {@link echoId}.
 *
 * @example
 * echoPath("/v1/organizations/org_1/provider-keys/pk_7d9A2/test"); // "/v1/organizations/org_1/provider-keys/pk_7d…/test"
 */
export function echoPath(path: string): string {
  return path.replace(
    /(\/(?:provider-keys|api_keys)\/)([^/?#]+)/,
    (whole, head: string, segment: string) => {
      // Routes that are not an id (`provider-keys/test`, `…/resolve`) stay as they are.
      if (segment === "test" || segment === "resolve" || segment === "get-or-create") return whole;
      let decoded = segment;
      try {
        decoded = decodeURIComponent(segment);
      } catch {
        // Malformed escapes: not a well-formed id either.
      }
      return `${head}${echoId(decoded, "…")}`;
    },
  );
}

/**
 * A command-line option someone typed, as a usage error may repeat it: only a plain word
 * option (`--frobnicate`, `-x`: letters and dashes, at most 30 characters). Secrets carry digits
 * or mixed case; those are not repeated.
 *
 * @example
 * echoOption("--secret"); // "--secret"
 * echoOption("--sk-proj-Ab12cd"); // undefined
 */
export function echoOption(option: string | undefined): string | undefined {
  return option !== undefined &&
    /^(?:-[A-Za-z]|--[a-z]+(?:-[a-z]+)*)$/.test(option) &&
    option.length <= 30
    ? option
    : undefined;
}
