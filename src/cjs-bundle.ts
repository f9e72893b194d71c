/**
 * The CommonJS build's one bundle: `byokit`, `byokit/resolver` and `byokit/local` in a single
 * file (ky and jose, ESM only, bundled in), so `require()` works on every Node 20 and an error
 * class is the same object whichever entry a caller required it from.
 */
export * from "./index.js";
export * from "./local/index.js";
