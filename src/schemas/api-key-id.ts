/**
 * What a gateway API key id (`key_…`) may be, dependency-free: the zod schema and the client's
 * zod-free query checks share these.
 */
export const API_KEY_ID_MAX_LENGTH = 128;
export const API_KEY_ID_CHARACTERS = /^[A-Za-z0-9_-]+$/;

export const isApiKeyId = (value: unknown): value is string =>
  typeof value === "string" &&
  value.length <= API_KEY_ID_MAX_LENGTH &&
  API_KEY_ID_CHARACTERS.test(value);
