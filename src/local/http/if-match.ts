import { badParam, HttpError } from "./responses.js";

/** The `ETag` of a record at `version`: `"3"`. */
export function etagOf(version: number | undefined): string {
  return `"${version ?? 0}"`;
}

/**
 * Checks `If-Match` against the record's current version: absent passes, `*` passes, a list
 * of versions (`"3"`, `3` or `W/"3"`) passes when one is current. Stale → 412; malformed → 400.
 */
export function checkIfMatch(request: Request, currentVersion: number | undefined): void {
  const header = request.headers.get("If-Match");
  if (header === null) return;
  const tags = header.split(",").map((tag) => tag.trim());
  if (tags.includes("*")) return;
  const versions = tags.map((tag) => {
    const match = /^(?:W\/)?"?(\d{1,15})"?$/.exec(tag);
    if (!match) throw badParam("If-Match", 'must be a version (an ETag such as "3") or *');
    return Number(match[1]);
  });
  if (!versions.includes(currentVersion ?? 0)) {
    throw new HttpError(
      412,
      "precondition_failed_error",
      `the provider key changed since you read it (it is now at version ${currentVersion ?? 0}); read it again and retry`,
      [{ param: "If-Match", message: "names a stale version" }],
    );
  }
}
