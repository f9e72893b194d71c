import { ByokError } from "../index.js";

/**
 * What `byokit serve --ui` writes into the page: no credential. The page's API requests are
 * authenticated by the session cookie its one-time login link set (HttpOnly: out of the
 * page's reach); {@link SESSION_BEARER} fills the client's required token.
 */
export interface ConsoleConfig {
  readonly organizationId: string;
}

/** The client needs a token; the server replaces it with the session's. Not a secret. */
export const SESSION_BEARER = "session-cookie";

/**
 * Reads the settings the server wrote into `<script id="byokit-config" type="application/json">`.
 *
 * @example
 * const { organizationId } = readConfig(document);
 */
export function readConfig(root: Document): ConsoleConfig {
  const text = root.getElementById("byokit-config")?.textContent ?? "";
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  const config = value as Partial<ConsoleConfig> | undefined;
  if (typeof config?.organizationId !== "string") {
    throw new ByokError(
      "This page has no settings: open it from `byokit serve --ui`, which writes them in.",
    );
  }
  return { organizationId: config.organizationId };
}
