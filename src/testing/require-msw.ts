import type * as Msw from "msw";
import { MissingPeerDependencyError } from "./missing-peer-dependency-error.js";

/** A CommonJS-style loader: `require` itself, or one made by `createRequire`. */
export type RequireFunction = (id: string) => unknown;

/**
 * The synchronous loader this runtime offers: CommonJS's own `require` (the CJS build), one
 * made for this file by Node's `createRequire` (the ES build in Node), or none (browsers).
 * `getBuiltinModule` rather than an import of `node:module`, so that browser bundles of
 * `byokit/testing` stay free of Node built-ins.
 */
export function runtimeRequire(): RequireFunction | null {
  if (typeof require === "function") return require;
  const nodeModule = globalThis.process?.getBuiltinModule?.("module");
  return nodeModule?.createRequire(import.meta.url) ?? null;
}

/**
 * Loads msw synchronously (so that `createApiHandlers` keeps returning handlers, not a
 * promise), or throws a `MissingPeerDependencyError` that says what to do instead.
 *
 * @example
 * const { http } = requireMsw();
 */
export function requireMsw(load: RequireFunction | null = runtimeRequire()): typeof Msw {
  if (load === null) {
    throw new MissingPeerDependencyError(
      "msw",
      'createApiHandlers from "byokit/testing" loads msw synchronously, which only Node can do: ' +
        'in a browser (or Node before 20.16), import { createApiHandlers } from "byokit/testing/msw"',
    );
  }
  try {
    return load("msw") as typeof Msw;
  } catch (error) {
    if (isMissingMsw(error)) {
      throw new MissingPeerDependencyError(
        "msw",
        "createApiHandlers needs msw, an optional peer dependency of byokit that this project " +
          "does not have: install it with `npm i -D msw`",
      );
    }
    throw error;
  }
}

/** Node's "Cannot find module 'msw'", not an error from inside an installed msw. */
function isMissingMsw(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === "MODULE_NOT_FOUND" && typeof message === "string" && message.includes("'msw'");
}
