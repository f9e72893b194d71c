import * as z from "zod/mini";
import { PROVIDER_IDS } from "../providers/ids.js";

/**
 * The objects of the Console API, as zod schemas: for checking what a server sends (a proxy, a
 * contract test, a webhook consumer). Lenient where byokit extends Edgee's objects: only the
 * fields Edgee documents are required, and unknown fields pass through.
 */

const text = z.string();

/** `preview`: what a record shows of its secret. */
export const providerKeyPreviewSchema = z.union([
  z.looseObject({ type: z.literal("api_key"), key: text }),
  z.looseObject({
    type: z.literal("service_account"),
    project_id: text,
    client_email: text,
    private_key_id: text,
  }),
  z.looseObject({
    type: z.literal("aws_iam"),
    regions: z.array(
      z.looseObject({ region: text, access_key_id: text, session_token: z.boolean() }),
    ),
  }),
  z.looseObject({ type: z.literal("azure"), endpoint: text, key: text }),
]);

/** A provider-key record: Edgee's documented fields required, byokit's extensions optional. */
export const providerKeySchema = z.looseObject({
  object: z.optional(z.literal("provider_key")),
  id: text,
  provider: z.enum(PROVIDER_IDS),
  name: text,
  api_key_ids: z.optional(z.array(text)),
  active: z.optional(z.boolean()),
  preview: z.optional(providerKeyPreviewSchema),
  created_at: text,
  created_by: z.optional(z.nullable(text)),
  updated_at: z.optional(text),
  version: z.optional(z.number()),
});

/** The list envelope around `item`: `{ object: "list", url, has_more, last_key, data }`. */
export const listPageSchema = <T extends z.ZodMiniType>(item: T) =>
  z.looseObject({
    object: z.literal("list"),
    url: text,
    has_more: z.boolean(),
    last_key: z.nullable(text),
    data: z.array(item),
  });

/** The error envelope: `{ error: { type, message, params? } }`. */
export const errorEnvelopeSchema = z.looseObject({
  error: z.looseObject({
    type: text,
    message: text,
    params: z.optional(z.array(z.looseObject({ param: text, message: text }))),
  }),
});
