import type * as z from "zod/mini";
import type { ValidationIssue } from "../errors/validation-error.js";
import { redactSecrets } from "../masking/redact.js";
import { credentialSecrets } from "./string-values.js";

type ZodIssue = z.core.$ZodIssue;

/**
 * Turns zod's issues into ours: a dotted path and a message that says what is expected. zod's
 * own messages are used only where a schema set them; nothing here quotes the rejected value.
 */
export function toValidationIssues(
  issues: readonly ZodIssue[],
  prefix: readonly PropertyKey[] = [],
  credential?: unknown,
): ValidationIssue[] {
  // A key built from a secret (`"AKIA…-1"` used as a region) reads like a name: every path and
  // message is scrubbed of the credential's secret strings, so they never come back.
  const sent = credentialSecrets(credential);
  const scrub = (text: string) => (sent.length ? redactSecrets(text, sent) : text);
  // zod runs length checks on anything with a length, even after the type check failed
  // (`["…"]` is then also "at least 8 characters"): a wrong type is the one thing to say.
  const wrongType = new Set(issues.filter(isWrongType).map((issue) => pathKey(issue.path)));
  const relevant = issues.filter(
    (issue) => isWrongType(issue) || !wrongType.has(pathKey(issue.path)),
  );
  return relevant.map((issue) => {
    const path = formatPath([...prefix, ...issue.path]);
    const message =
      issue.code === "invalid_key"
        ? (innerMessage(issue.issues) ?? "is not an allowed key")
        : describe(issue);
    return { path: scrub(path), message: scrub(message) };
  });
}

function isWrongType(issue: ZodIssue): boolean {
  return issue.code === "invalid_type";
}

function pathKey(path: readonly PropertyKey[]): string {
  return path.map(String).join("\u0000");
}

function innerMessage(inner: readonly ZodIssue[]): string | undefined {
  const first = inner[0];
  return first ? describe(first) : undefined;
}

function describe(issue: ZodIssue): string {
  // zod's locale wording for unknown keys (on once any app loads full `zod`) quotes the keys,
  // and a key may be a secret pasted in the wrong place: always use ours.
  const ownMessage = issue.code !== "unrecognized_keys" && issue.message !== "Invalid input";
  if (issue.message && ownMessage) return issue.message;
  switch (issue.code) {
    case "invalid_type":
      return `must be ${article(issue.expected)}`;
    case "too_small":
      return `must have at least ${issue.minimum} ${unit(issue.origin)}`;
    case "too_big":
      return `must have at most ${issue.maximum} ${unit(issue.origin)}`;
    case "invalid_value":
      return `must be ${issue.values.map((v) => JSON.stringify(v)).join(" or ")}`;
    case "unrecognized_keys": {
      const named = issue.keys.filter((key) => /^[a-z_]{1,20}$/.test(key));
      return named.length === issue.keys.length
        ? `has unknown field${named.length > 1 ? "s" : ""} ${named.join(", ")}`
        : "has unknown fields";
    }
    case "invalid_format":
      return "has an invalid format";
    default:
      return "is invalid";
  }
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function unit(origin: string): string {
  if (origin === "string") return "characters";
  if (origin === "array" || origin === "set") return "items";
  return "entries";
}

/**
 * `provider_key.us-east-1.access_key_id`. A key that is not a plausible field or region name
 * (it might be a secret pasted in the wrong place) is shown as `<key>`.
 */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part) =>
      typeof part === "number" ? `[${part}]` : isPlausibleName(part) ? part : "<key>",
    )
    .join(".")
    .replace(/\.\[/g, "[");
}

/**
 * Words of letters joined by `-` or `_`, where digits stand only as a word of their own
 * (`us-gov-west-1`, `secret_access_key`, `US-EAST-1`, `mars-1`), or an array index. Generated
 * secrets mix letters and digits (`Ab3dE9…`, `AKIA…7`), so they fail it even when short.
 */
const PLAUSIBLE_NAME = /^(?:[A-Za-z]+(?:[-_](?:[A-Za-z]+|\d+))*|\d{1,6})$/;

function isPlausibleName(part: PropertyKey): part is string {
  return typeof part === "string" && part.length <= 40 && PLAUSIBLE_NAME.test(part);
}
