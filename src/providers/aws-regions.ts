import { isAwsRegion } from "./region-code.js";

export { GLOBAL_REGION, isAwsRegion, isBedrockRegionKey } from "./region-code.js";

/**
 * AWS partitions and their region codes. Dependency-free: the resolver (which must stay tiny)
 * and the Bedrock schema and signer share it. The specific partitions come first because the
 * commercial pattern would also match `us-gov-…`.
 */
export interface AwsPartition {
  readonly id: string;
  readonly pattern: RegExp;
  readonly dnsSuffix: string;
}

export const AWS_PARTITIONS: readonly AwsPartition[] = [
  { id: "aws-us-gov", pattern: /^us-gov-[a-z]+-\d+$/, dnsSuffix: "amazonaws.com" },
  { id: "aws-iso", pattern: /^us-iso-[a-z]+-\d+$/, dnsSuffix: "c2s.ic.gov" },
  { id: "aws-iso-b", pattern: /^us-isob-[a-z]+-\d+$/, dnsSuffix: "sc2s.sgov.gov" },
  { id: "aws-iso-f", pattern: /^us-isof-[a-z]+-\d+$/, dnsSuffix: "csp.hci.ic.gov" },
  { id: "aws-iso-e", pattern: /^eu-isoe-[a-z]+-\d+$/, dnsSuffix: "cloud.adc-e.uk" },
  { id: "aws-eusc", pattern: /^eusc-de-[a-z]+-\d+$/, dnsSuffix: "amazonaws.eu" },
  { id: "aws-cn", pattern: /^cn-[a-z]+-\d+$/, dnsSuffix: "amazonaws.com.cn" },
  { id: "aws", pattern: /^(us|eu|ap|sa|ca|me|af|il|mx)-[a-z]+-\d+$/, dnsSuffix: "amazonaws.com" },
];

/** The partition a region code belongs to, or `undefined` for a malformed code. */
export function awsPartitionOf(region: string): AwsPartition | undefined {
  if (!isAwsRegion(region)) return undefined;
  return AWS_PARTITIONS.find((partition) => partition.pattern.test(region));
}
