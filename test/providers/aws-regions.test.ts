import { describe, expect, it } from "vitest";
import {
  awsPartitionOf,
  GLOBAL_REGION,
  isAwsRegion,
  isBedrockRegionKey,
} from "../../src/providers/aws-regions.js";

describe("awsPartitionOf", () => {
  it.each([
    ["us-east-1", "aws", "amazonaws.com"],
    ["eu-west-3", "aws", "amazonaws.com"],
    ["ap-southeast-2", "aws", "amazonaws.com"],
    ["sa-east-1", "aws", "amazonaws.com"],
    ["ca-central-1", "aws", "amazonaws.com"],
    ["me-south-1", "aws", "amazonaws.com"],
    ["af-south-1", "aws", "amazonaws.com"],
    ["il-central-1", "aws", "amazonaws.com"],
    ["mx-central-1", "aws", "amazonaws.com"],
    ["us-gov-west-1", "aws-us-gov", "amazonaws.com"],
    ["us-gov-east-1", "aws-us-gov", "amazonaws.com"],
    ["us-iso-east-1", "aws-iso", "c2s.ic.gov"],
    ["us-isob-east-1", "aws-iso-b", "sc2s.sgov.gov"],
    ["us-isof-south-1", "aws-iso-f", "csp.hci.ic.gov"],
    ["eu-isoe-west-1", "aws-iso-e", "cloud.adc-e.uk"],
    ["eusc-de-east-1", "aws-eusc", "amazonaws.eu"],
    ["cn-north-1", "aws-cn", "amazonaws.com.cn"],
    ["cn-northwest-1", "aws-cn", "amazonaws.com.cn"],
  ])("puts %s in partition %s (DNS suffix %s)", (region, partition, dnsSuffix) => {
    expect(awsPartitionOf(region)).toMatchObject({ id: partition, dnsSuffix });
    expect(isAwsRegion(region)).toBe(true);
  });

  it.each([
    ["us-east-12", "aws", "amazonaws.com"],
    ["us-gov-west-12", "aws-us-gov", "amazonaws.com"],
    ["us-iso-east-12", "aws-iso", "c2s.ic.gov"],
    ["us-isob-east-12", "aws-iso-b", "sc2s.sgov.gov"],
    ["us-isof-south-12", "aws-iso-f", "csp.hci.ic.gov"],
    ["eu-isoe-west-12", "aws-iso-e", "cloud.adc-e.uk"],
    ["eusc-de-east-12", "aws-eusc", "amazonaws.eu"],
    ["cn-north-12", "aws-cn", "amazonaws.com.cn"],
  ])(
    "puts %s, numbered with two digits, in partition %s (DNS suffix %s)",
    (region, partition, dnsSuffix) => {
      expect(awsPartitionOf(region)).toMatchObject({ id: partition, dnsSuffix });
    },
  );

  it.each([
    "US-EAST-1",
    "us-east",
    "mars-1",
    "us-east-1 ",
    " us-east-1",
    "us-east-1\n",
    "us_east_1",
    "us-east-01a",
    "zz-east-1",
    "us--1",
    "",
    `us-${"e".repeat(40)}-1`,
  ])("refuses the malformed region code %j", (region) => {
    expect(awsPartitionOf(region)).toBeUndefined();
    expect(isAwsRegion(region)).toBe(false);
  });

  it("refuses values that are not strings", () => {
    for (const value of [undefined, null, 1, {}, ["us-east-1"]]) {
      expect(isAwsRegion(value)).toBe(false);
      expect(isBedrockRegionKey(value)).toBe(false);
    }
  });
});

describe("isBedrockRegionKey", () => {
  it("accepts a region code and `global`, and nothing like `Global`", () => {
    expect(GLOBAL_REGION).toBe("global");
    expect(isBedrockRegionKey("global")).toBe(true);
    expect(isBedrockRegionKey("eu-west-3")).toBe(true);
    expect(isBedrockRegionKey("Global")).toBe(false);
    expect(isBedrockRegionKey("global ")).toBe(false);
  });
});
