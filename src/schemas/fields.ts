import * as z from "zod/mini";
import { PROVIDER_IDS } from "../providers/ids.js";
import { API_KEY_ID_CHARACTERS, API_KEY_ID_MAX_LENGTH } from "./api-key-id.js";

// An empty value is reported once: `abort` stops the checks that would say it again.

/** `name`: 1–100 characters, not only spaces. */
export const nameSchema = z.string({ error: "must be a string of 1 to 100 characters" }).check(
  z.minLength(1, { error: "must not be empty", abort: true }),
  z.maxLength(100, "must be at most 100 characters"),
  z.refine((name) => name.trim().length > 0, "must not be only spaces"),
);

export const providerSchema = z.enum(PROVIDER_IDS, {
  error: `must be one of ${PROVIDER_IDS.join(", ")}`,
});

/** A gateway API key id (`key_…`). */
export const apiKeyIdSchema = z
  .string({ error: "must be an API key id, a string" })
  .check(
    z.minLength(1, { error: "must not be empty", abort: true }),
    z.maxLength(API_KEY_ID_MAX_LENGTH, `must be at most ${API_KEY_ID_MAX_LENGTH} characters`),
    z.regex(API_KEY_ID_CHARACTERS, "must contain only letters, digits, _ and -"),
  );

/** `api_key_ids`: empty for the whole organization, else the API keys this key serves. */
export const apiKeyIdsSchema = z
  .array(apiKeyIdSchema, { error: "must be a list of API key ids" })
  .check(
    z.maxLength(100, "must name at most 100 API keys"),
    z.refine((ids) => new Set(ids).size === ids.length, "must not name an API key twice"),
  );
