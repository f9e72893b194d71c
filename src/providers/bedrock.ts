import * as z from "zod/mini";
import { maskSecret } from "../masking/mask-secret.js";
import { GLOBAL_REGION, isBedrockRegionKey } from "./aws-regions.js";
import type { AwsRegionCredentials, BedrockCredentials } from "./credentials.js";
import type { ProviderDefinition } from "./definition.js";
import { objectError } from "./object-error.js";

const ACCESS_KEY_ID = /^(AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}$/;

const accessKeyId = z
  .string({ error: "must be an AWS access key id, a string" })
  .check(z.regex(ACCESS_KEY_ID, "must be an AWS access key id (AKIA… or ASIA…, 20 characters)"));
const secretAccessKey = z
  .string({ error: "must be the AWS secret access key, a string" })
  .check(
    z.minLength(16, "must be at least 16 characters"),
    z.maxLength(128, "must be at most 128 characters"),
    z.regex(/^[\x21-\x7e]+$/, "must be printable ASCII with no spaces"),
  );
const sessionToken = z
  .string({ error: "must be the session token, a string" })
  .check(
    z.minLength(16, "must be at least 16 characters"),
    z.maxLength(8192, "must be at most 8192 characters"),
    z.regex(/^[\x21-\x7e]+$/, "must be printable ASCII with no spaces"),
  );
const regionKey = z
  .string()
  .check(
    z.refine(isBedrockRegionKey, 'must be an AWS region code (such as eu-west-3) or "global"'),
  );

/** Temporary (`ASIA…`) access keys are only valid with their session token. */
const temporaryNeedsToken = z.superRefine(
  (entry: { access_key_id?: string | undefined; session_token?: string | undefined }, ctx) => {
    if (entry.access_key_id?.startsWith("ASIA") && entry.session_token === undefined) {
      ctx.issues.push({
        code: "custom",
        input: undefined,
        path: ["session_token"],
        message: "is required with a temporary (ASIA…) access key id",
      });
    }
  },
);

const regionEntry = z
  .strictObject(
    {
      access_key_id: accessKeyId,
      secret_access_key: secretAccessKey,
      session_token: z.optional(sessionToken),
    },
    objectError("must be { access_key_id, secret_access_key, session_token? }"),
  )
  .check(temporaryNeedsToken);

/**
 * On update a region may omit its secret to keep the stored one, or be sent as `{}` to keep
 * its stored entry whole (DESIGN.md, Secrets): an editor that shows only masked access key ids
 * can then add or remove other regions without asking for them again.
 */
const regionEntryUpdate = z
  .strictObject(
    {
      access_key_id: z.optional(accessKeyId),
      secret_access_key: z.optional(secretAccessKey),
      session_token: z.optional(sessionToken),
    },
    objectError("must be { access_key_id?, secret_access_key?, session_token? }"),
  )
  .check(temporaryNeedsToken);

const regionMap = <T extends z.ZodMiniType>(entry: T) =>
  z
    .record(regionKey, entry, objectError('must be an object keyed by AWS region code or "global"'))
    .check(
      z.refine((map) => Object.keys(map).length > 0, "must hold at least one region"),
      z.refine((map) => Object.keys(map).length <= 64, "must hold at most 64 regions"),
    );

/** AWS Bedrock: IAM credentials keyed by region, `global` being the single fallback set. */
export const bedrock: ProviderDefinition<"bedrock"> = {
  id: "bedrock",
  label: "AWS Bedrock",
  credentialKind: "aws_iam",
  schema: regionMap(regionEntry) as unknown as z.ZodMiniType<BedrockCredentials>,
  updateSchema: regionMap(regionEntryUpdate),
  preview: (credentials) => ({
    type: "aws_iam",
    regions: sortedRegions(credentials).map(([region, entry]) => ({
      region,
      access_key_id: maskSecret(entry.access_key_id),
      session_token: entry.session_token !== undefined,
    })),
  }),
  secretsOf: (credentials) =>
    Object.values(credentials).flatMap((entry) => [
      entry.access_key_id,
      entry.secret_access_key,
      ...(entry.session_token === undefined ? [] : [entry.session_token]),
    ]),
};

/** Regions in a stable order, `global` last, so previews read the same on every server. */
function sortedRegions(credentials: BedrockCredentials): [string, AwsRegionCredentials][] {
  return Object.entries(credentials).sort(([a], [b]) =>
    a === GLOBAL_REGION ? 1 : b === GLOBAL_REGION ? -1 : a < b ? -1 : a > b ? 1 : 0,
  );
}
