import { ByokError } from "../index.js";

/** What `byokit serve --ui` writes into the page. */
export interface ConsoleConfig {
  readonly organizationId: string;
  readonly token: string;
}

/**
 * Reads the settings the server wrote into `<script id="byokit-config" type="application/json">`.
 *
 * @example
 * const { organizationId, token } = readConfig(document);
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
  if (typeof config?.organizationId !== "string" || typeof config.token !== "string") {
    throw new ByokError(
      "This page has no settings: open it from `byokit serve --ui`, which writes them in.",
    );
  }
  return { organizationId: config.organizationId, token: config.token };
}
