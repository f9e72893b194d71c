import { ValidationError, type ValidationIssue } from "../errors/validation-error.js";
import { formatPath } from "../internal/to-validation-issues.js";
import type { AwsRegionCredentials, BedrockCredentials } from "../providers/credentials.js";
import type { ProviderId } from "../providers/ids.js";
import { parseProviderKey } from "../providers/parse-provider-key.js";

/** A Bedrock region as an update may send it: the secret may be left out to keep it. */
interface RegionUpdate {
  readonly access_key_id?: string;
  readonly secret_access_key?: string;
  readonly session_token?: string;
}

/**
 * The credentials an update leaves stored, from the stored ones and the update's
 * `provider_key` (already parsed in update mode). Every provider but Bedrock replaces the
 * whole secret. Bedrock goes region by region (DESIGN.md, Secrets): a region sent without its
 * `secret_access_key` keeps the stored one (and its session token, unless a new one is sent),
 * a region sent as `{}` keeps its whole stored entry; a new region, or a region whose
 * `access_key_id` changed, needs its secret; a region left out is removed. Throws a
 * {@link ValidationError} naming each region at fault.
 */
export function mergeCredentials(provider: ProviderId, stored: unknown, update: unknown): unknown {
  if (provider !== "bedrock") return update;
  const storedRegions = stored as BedrockCredentials;
  const merged: Record<string, AwsRegionCredentials> = {};
  const issues: ValidationIssue[] = [];
  for (const [region, entry] of Object.entries(update as Record<string, RegionUpdate>)) {
    const previous = Object.hasOwn(storedRegions, region) ? storedRegions[region] : undefined;
    const at = formatPath(["provider_key", region]);
    if (entry.secret_access_key !== undefined) {
      if (entry.access_key_id === undefined) {
        issues.push({
          path: `${at}.access_key_id`,
          message: "is required with a new secret_access_key",
        });
      } else merged[region] = entry as AwsRegionCredentials;
      continue;
    }
    const path = `${at}.secret_access_key`;
    if (!previous) {
      issues.push({ path, message: "is required for a region that has no stored credentials" });
    } else if (
      entry.access_key_id !== undefined &&
      previous.access_key_id !== entry.access_key_id
    ) {
      issues.push({ path, message: "is required when the region's access_key_id changes" });
    } else {
      const sessionToken = entry.session_token ?? previous.session_token;
      merged[region] = {
        access_key_id: previous.access_key_id,
        secret_access_key: previous.secret_access_key,
        ...(sessionToken === undefined ? {} : { session_token: sessionToken }),
      };
    }
  }
  if (issues.length > 0) throw new ValidationError(issues);
  // The merged map must stand on its own, exactly as if it had been sent on create.
  return parseProviderKey("bedrock", merged);
}
