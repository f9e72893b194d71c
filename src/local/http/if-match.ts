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
    const current = currentVersion ?? 0;
    // Say what happened: an older version means someone changed the key since; a newer one
    // was never the key's version at all.
    const what = versions.every((version) => version > current)
      ? "the key never had that version"
      : "it changed since that version was read";
    throw new HttpError(
      412,
      "precondition_failed_error",
      `version ${versions.join(" or ")} does not match the stored version ${current} (${what}); read the key again and retry`,
      [{ param: "If-Match", message: `does not match the stored version ${current}` }],
    );
  }
}
