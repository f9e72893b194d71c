/**
 * The shape of an AWS region code of any partition (`eu-west-3`, `us-gov-west-1`,
 * `cn-north-1`, `us-isob-east-1`, `eu-isoe-west-1`, `eusc-de-east-1`, …), in one expression so
 * the resolver stays tiny. `aws-regions.ts` maps the same codes to their partitions.
 */
const REGION_CODE =
  /^(?:us-gov|us-iso[bf]?|eu-isoe|eusc-de|cn|us|eu|ap|sa|ca|me|af|il|mx)-[a-z]+-\d{1,2}$/;

/** The key of the Bedrock credential set that serves any region without its own entry. */
export const GLOBAL_REGION = "global";

/** True for an AWS region code such as `eu-west-3`, `us-gov-west-1` or `cn-north-1`. */
export function isAwsRegion(region: unknown): region is string {
  return typeof region === "string" && REGION_CODE.test(region);
}

/** True for a key a Bedrock credential map may hold: a region code or `global`. */
export function isBedrockRegionKey(key: unknown): key is string {
  return key === GLOBAL_REGION || isAwsRegion(key);
}
