/**
 * Text that must never appear in a browser bundle of byokit: a Node built-in, or Google's auth
 * library and the Node-only packages it drags in. Shared by `npm run size` (bundles of dist/)
 * and `npm run check:package` (bundles of the installed tarball).
 */
export const BANNED_IN_BROWSER = [
  // Google's auth library and its dependencies (gtoken, gaxios, gcp-metadata, proxy agents).
  // Its package name alone may appear: the Node-only `import()` of it, which a minifier may
  // fold into a literal, is never followed by the bundler nor run in a browser; its code is
  // what must not.
  "google-api-nodejs-client",
  "x-goog-api-client",
  "GoogleToken",
  "gtoken",
  "gaxios",
  "gcp-metadata",
  "https-proxy-agent",
  "node-fetch",
  // undici (Node only: the dispatcher that refuses private addresses). Like Google's library,
  // it is loaded with an `import()` bundlers cannot follow; its code must never be bundled.
  "UND_ERR",
  "llhttp",
  "undici.error",
  // Node built-ins, however they are spelled.
  "node:",
  'require("fs")',
  "fs/promises",
  "readFileSync",
  "child_process",
  "createServer",
  // msw's Node entry: byokit/testing works with msw/browser too.
  "msw/node",
] as const;

/** The banned strings `code` contains. */
export function bannedIn(code: string): string[] {
  return BANNED_IN_BROWSER.filter((word) => code.includes(word));
}
