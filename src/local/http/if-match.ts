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
  const versions: number[] = [];
  let matches = false;
  for (const tag of tags) {
    const match = /^(W\/)?("?)(\d{1,15})\2$/.exec(tag);
    if (!match) throw badParam("If-Match", 'must be a version (an ETag such as "3") or *');
    const version = Number(match[3]);
    versions.push(version);
    // RFC 9110: If-Match uses the strong comparison, so a weak tag never matches.
    const weak = match[1] !== undefined;
    if (!weak && version === current) matches = true;
  }
  if (!matches) {
    // Say what happened: an older version means someone changed the key since; a newer one
    // was never the key's version at all; the current one, sent weak, cannot match.
    const what = versions.includes(current)
      ? "a weak tag never matches"
      : versions.every((version) => version > current)
        ? "the key never had that version"
        : "it changed since that version was read";
    throw new HttpError(
      412,
      "precondition_failed_error",
      `version ${versions.join(" or ")} does not match the stored version ${current} (${what}); read the key again and retry`,
      [{ param: "If-Match", message: "names a stale version, or a weak tag, which never matches" }],
    );
  }
}
