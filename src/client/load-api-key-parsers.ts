/**
 * The parsers of gateway API keys and organizations, loaded on the first call that needs them:
 * an app that only manages provider keys never downloads them. The promise is kept, since
 * `import()` of a module already loaded still walks the loader on every call.
 */
let parsers: Promise<typeof import("./parse-api-key.js")> | undefined;

export function loadApiKeyParsers(): Promise<typeof import("./parse-api-key.js")> {
  parsers ??= import("./parse-api-key.js");
  return parsers;
}
