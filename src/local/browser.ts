/**
 * `byokit/local` for browsers: the Console API served in-process over a memory store. The
 * file store and `serve()` need Node; here they throw a clear error if called.
 */
export { fileStore, serve } from "./node-only.js";
export * from "./portable.js";
