import * as z from "zod/mini";

/** An absolute `https:` URL; credentials are never sent in the clear or to a relative target. */
export const httpsUrl = z
  .string({ error: "must be an https URL" })
  .check(
    z.maxLength(2048, "must be at most 2048 characters"),
    z.refine(isHttpsUrl, "must be an absolute https:// URL"),
  );

function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" && url.username === "" && url.password === "";
  } catch {
    return false;
  }
}
