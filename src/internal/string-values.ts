/** How deep these helpers look; inputs are bounded by the body limit anyway. */
const MAX_DEPTH = 64;

/**
 * Every string value in `value`, at any depth (not the keys: those are field and region
 * names). What an update's `provider_key` may hold before its provider is known.
 *
 * @example
 * stringValues({ "eu-west-1": { access_key_id: "AKIA…", secret_access_key: "…" } }); // ["AKIA…", "…"]
 */
export function stringValues(value: unknown, out: string[] = [], depth = 0): string[] {
  if (typeof value === "string") out.push(value);
  else if (typeof value === "object" && value !== null && depth < MAX_DEPTH) {
    for (const entry of Object.values(value)) stringValues(entry, out, depth + 1);
  }
  return out;
}

/** The fields of a structured credential that hold its secret parts. */
const SECRET_FIELDS = new Set([
  "api_key",
  "access_key_id",
  "secret_access_key",
  "session_token",
  "private_key",
]);

/**
 * The secret strings of a `provider_key` as a caller sent it, before it is validated: the
 * whole value when it is a string (an API key, or JSON text), else the strings under the
 * secret fields at any depth (a Bedrock region's keys, a service account's private key).
 *
 * @example
 * credentialSecrets({ global: { access_key_id: "AKIA…", secret_access_key: "…" } }); // ["AKIA…", "…"]
 */
export function credentialSecrets(value: unknown, out: string[] = [], depth = 0): string[] {
  if (typeof value === "string") out.push(value);
  else if (typeof value === "object" && value !== null && depth < MAX_DEPTH) {
    for (const [field, entry] of Object.entries(value)) {
      if (typeof entry === "string") {
        if (SECRET_FIELDS.has(field)) out.push(entry);
      } else credentialSecrets(entry, out, depth + 1);
    }
  }
  return out;
}
