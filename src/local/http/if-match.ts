import { badParam, HttpError } from "./responses.js";

/** The `ETag` of a record at `version`: `"3"`. */
export function etagOf(version: number | undefined): string {
  return `"${version ?? 0}"`;
}

/**
 * Checks `If-Match` against the record's current version: absent passes, `*` passes, a list
 * of tags passes when one names the current version. `If-Match` compares by strong comparison
 * (RFC 9110 §13.1.1), so a weak tag (`W/"3"`) never matches: 412. A bare version (`3`) is
 * read as `"3"`. Stale → 412; malformed → 400.
 */
export function checkIfMatch(request: Request, currentVersion: number | undefined): void {
  const header = request.headers.get("If-Match");
  if (header === null) return;
  const tags = header.split(",").map((tag) => tag.trim());
  if (tags.includes("*")) return;
  const current = currentVersion ?? 0;
  let matches = false;
  for (const tag of tags) {
    const match = /^(W\/)?("?)(\d{1,15})\2$/.exec(tag);
    if (!match) throw badParam("If-Match", 'must be a version (an ETag such as "3") or *');
    const weak = match[1] !== undefined;
    if (!weak && Number(match[3]) === current) matches = true;
  }
  if (!matches) {
    throw new HttpError(
      412,
      "precondition_failed_error",
      `the provider key changed since you read it (it is now at version ${current}); read it again and retry`,
      [{ param: "If-Match", message: "names a stale version, or a weak tag, which never matches" }],
    );
  }
}
