import { ValidationError } from "../errors/validation-error.js";

/**
 * A master key's 32 bytes, from base64 (`byokit keygen` prints one) or the bytes themselves;
 * anything else is a `ValidationError` at `where` that never repeats the value. The file and
 * PostgreSQL stores share it, so a key one accepts the other accepts too.
 */
export function masterKeyBytes(value: string | Uint8Array, where: string): Buffer {
  const key =
    typeof value === "string"
      ? /^[A-Za-z0-9+/]{42,44}={0,2}$/.test(value.trim())
        ? Buffer.from(value.trim(), "base64")
        : Buffer.alloc(0)
      : Buffer.from(value);
  if (key.length !== 32) {
    throw new ValidationError([
      {
        path: where,
        message: "must be exactly 32 bytes, base64-encoded (`byokit keygen` prints one)",
      },
    ]);
  }
  return key;
}
