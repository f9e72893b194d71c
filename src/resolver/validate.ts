import { ValidationError } from "../errors/validation-error.js";
import { isBedrockRegionKey } from "../providers/aws-regions.js";
import { PROVIDER_IDS } from "../providers/ids.js";

/** The resolver's typed errors for bad input; each names the field and what is expected. */
export function invalid(path: string, message: string): ValidationError {
  return new ValidationError([{ path, message }]);
}

export function invalidProvider(): ValidationError {
  return invalid("provider", `must be one of ${PROVIDER_IDS.join(", ")}`);
}

export function checkApiKeyId(apiKeyId: unknown): void {
  if (typeof apiKeyId !== "string" || apiKeyId === "") {
    throw invalid(
      "api_key_id",
      "must be a non-empty string (an API key id such as key_…), or absent",
    );
  }
}

export function checkRegion(region: unknown): asserts region is string {
  if (!isBedrockRegionKey(region)) {
    throw invalid("region", 'must be an AWS region code such as eu-west-3, or "global", or absent');
  }
}

export function checkRecord(record: unknown): void {
  const r = record as { id?: unknown; provider?: unknown } | null;
  if (typeof r !== "object" || r === null || typeof r.id !== "string" || r.id === "") {
    throw invalid("id", "every record needs a non-empty string id");
  }
  if (typeof r.provider !== "string") throw invalid("provider", "every record needs a provider");
}
