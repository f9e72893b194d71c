import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../../src/errors/validation-error.js";
import {
  awsPartitionOf,
  isAwsRegion,
  isBedrockRegionKey,
} from "../../../src/providers/aws-regions.js";
import { PROVIDER_IDS, type ProviderId } from "../../../src/providers/ids.js";
import { parseProviderKey } from "../../../src/providers/parse-provider-key.js";
import { parseCreateInput, parseUpdateInput } from "../../../src/schemas/provider-key-input.js";
import { fakeServiceAccount } from "../../providers/fixtures.js";
import { allowLongRuns, assertOptions } from "../leaks/runs.js";
import { BEDROCK_REGIONS } from "../leaks/secrets.js";
import {
  anyText,
  DEEP,
  deepJsonText,
  deepValue,
  HUGE,
  hostileJsonText,
  hostileValue,
  mutatedCreateBody,
  trickyString,
  validCreateBody,
} from "./hostile.js";

allowLongRuns();

/** What a parser may do with any input: return a value, or throw a ValidationError. */
function outcomeOf(parse: () => unknown): "value" | "rejected" {
  try {
    parse();
    return "value";
  } catch (error) {
    expect(error, "a parser threw something other than a ValidationError").toBeInstanceOf(
      ValidationError,
    );
    const { issues } = error as ValidationError;
    expect(issues.length).toBeGreaterThan(0);
    for (const issue of issues) {
      expect(typeof issue.path).toBe("string");
      expect(issue.message).not.toBe("");
    }
    return "rejected";
  }
}

const provider = fc.constantFrom(...PROVIDER_IDS);
const mode = fc.constantFrom("create" as const, "update" as const);

/** Every parser of a `provider_key` and of a request body, on one input. */
function everyParser(input: unknown, id: ProviderId, parseMode: "create" | "update") {
  return [
    () => parseProviderKey(id, input, { mode: parseMode }),
    () => parseCreateInput(input),
    () => parseCreateInput({ provider: id, name: "fuzz", provider_key: input }),
    () => parseUpdateInput(input),
    () => parseUpdateInput(input, id),
    () => parseUpdateInput({ provider_key: input }, id),
  ];
}

describe("every parser given hostile input", () => {
  it("returns a value or throws a ValidationError: random values and JSON text", () => {
    fc.assert(
      fc.property(
        fc.oneof(hostileValue, hostileJsonText, mutatedCreateBody(hostileValue)),
        provider,
        mode,
        (input, id, parseMode) => {
          for (const parse of everyParser(input, id, parseMode)) outcomeOf(parse);
        },
      ),
      assertOptions(200),
    );
  });

  it("rejects nesting 10,000 levels deep, as a value and as JSON text, without overflowing", () => {
    const inputs = [
      deepValue(DEEP),
      deepJsonText(DEEP, "array"),
      deepJsonText(DEEP, "object"),
      deepJsonText(DEEP, "mixed"),
      { provider: "bedrock", name: "deep", provider_key: deepValue(DEEP) },
      { name: "deep", provider_key: deepJsonText(DEEP, "object") },
    ];
    for (const input of inputs) {
      for (const id of PROVIDER_IDS) {
        for (const parse of everyParser(input, id, "update")) {
          // A deep JSON *string* is a well-formed key for the API-key providers: that is fine.
          outcomeOf(parse);
        }
        if (typeof input !== "string" || id === "bedrock") {
          expect(outcomeOf(() => parseProviderKey(id, input))).toBe(
            typeof input === "string" && !["bedrock", "google_vertex_ai", "azure"].includes(id)
              ? "value"
              : "rejected",
          );
        }
      }
    }
  });

  it("rejects a huge string in every field, as a value and inside JSON text", () => {
    const huge = "A".repeat(HUGE);
    for (const id of PROVIDER_IDS) {
      const body = validCreateBody(id, 1);
      for (const field of ["name", "provider_key", "provider"] as const) {
        expect(outcomeOf(() => parseCreateInput({ ...body, [field]: huge }))).toBe("rejected");
      }
      expect(outcomeOf(() => parseProviderKey(id, huge))).toBe("rejected");
      expect(outcomeOf(() => parseProviderKey(id, JSON.stringify({ global: huge })))).toBe(
        "rejected",
      );
    }
  });

  it("accepts each valid body it is given, whatever the provider", () => {
    fc.assert(
      fc.property(provider, fc.nat(1000), (id, n) => {
        expect(outcomeOf(() => parseCreateInput(validCreateBody(id, n)))).toBe("value");
      }),
      assertOptions(50),
    );
  });
});

describe("region codes", () => {
  it("are classified without throwing, and the partition agrees with the region check", () => {
    const regionLike = fc.oneof(
      anyText,
      trickyString,
      fc.constantFrom(...BEDROCK_REGIONS),
      fc
        .tuple(
          fc.constantFrom(
            "us",
            "eu",
            "ap",
            "us-gov",
            "cn",
            "us-iso",
            "us-isob",
            "eusc-de",
            "xx",
            "",
          ),
          fc.string({
            unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz-_0123456789 "),
            maxLength: 14,
          }),
          fc.integer({ min: -1, max: 1000 }),
        )
        .map(([prefix, middle, number]) => `${prefix}-${middle}-${number}`),
    );
    fc.assert(
      fc.property(fc.oneof(regionLike, hostileValue), (region) => {
        const isRegion = isAwsRegion(region);
        expect(typeof isRegion).toBe("boolean");
        expect(isBedrockRegionKey(region)).toBe(isRegion || region === "global");
        if (typeof region === "string") {
          expect(awsPartitionOf(region) !== undefined).toBe(isRegion);
        }
        // The same code as a Bedrock credential's key: accepted exactly when it is a region key.
        const key = typeof region === "string" ? region : "not-a-region";
        const map = {
          [key]: {
            access_key_id: "AKIAFAKE000000000000",
            secret_access_key: "FAKEsecret000000000000000000",
          },
        };
        const outcome = outcomeOf(() => parseProviderKey("bedrock", map));
        expect(outcome === "value").toBe(isBedrockRegionKey(key));
      }),
      assertOptions(300),
    );
  });
});

describe("service-account JSON", () => {
  const text = JSON.stringify(fakeServiceAccount(77));

  it("damaged anywhere (cut, byte changed, byte inserted) is a value or a ValidationError", () => {
    fc.assert(
      fc.property(
        fc.nat(text.length - 1),
        fc.constantFrom("cut", "replace", "insert", "delete"),
        fc.oneof(fc.constantFrom('"', "\\", "{", "}", ",", ":", "\n", "\u0000", "é"), anyText),
        (at, damage, piece) => {
          const damaged =
            damage === "cut"
              ? text.slice(0, at)
              : damage === "replace"
                ? `${text.slice(0, at)}${piece}${text.slice(at + 1)}`
                : damage === "insert"
                  ? `${text.slice(0, at)}${piece}${text.slice(at)}`
                  : `${text.slice(0, at)}${text.slice(at + 1)}`;
          outcomeOf(() => parseProviderKey("google_vertex_ai", damaged));
          outcomeOf(() =>
            parseCreateInput({ provider: "google_vertex_ai", name: "sa", provider_key: damaged }),
          );
        },
      ),
      assertOptions(200),
    );
  });

  it("with any field replaced by a hostile value is a value or a ValidationError", () => {
    const fields = Object.keys(fakeServiceAccount(78));
    fc.assert(
      fc.property(fc.constantFrom(...fields, "extra"), hostileValue, (field, value) => {
        const input = { ...fakeServiceAccount(78), [field]: value };
        outcomeOf(() => parseProviderKey("google_vertex_ai", input));
        try {
          const asText = JSON.stringify(input);
          outcomeOf(() => parseProviderKey("google_vertex_ai", asText));
        } catch {
          // A bigint cannot be JSON text; the object form above covered it.
        }
      }),
      assertOptions(200),
    );
  });
});
