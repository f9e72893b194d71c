import { Sha256 as JsSha256 } from "@aws-crypto/sha256-js";
import { type NodeHashing, nativeSha256, type Sha256Constructor } from "./native-sha256.js";
import { isNodeRuntime } from "./runtime.js";

let native: Sha256Constructor | undefined;
let loading: Promise<Sha256Constructor> | undefined;

/**
 * The SHA-256 SigV4 signs with: Node's native one in Node (`crypto`, loaded once through a
 * specifier bundlers cannot follow, so no browser bundle contains it), `@aws-crypto/sha256-js`
 * elsewhere, or when Node's cannot be loaded. Both give the same digests (tested on vectors).
 */
export function sha256Constructor(): Sha256Constructor | Promise<Sha256Constructor> {
  if (native !== undefined) return native;
  if (!isNodeRuntime()) return JsSha256;
  loading ??= loadNodeCrypto().then(
    (crypto) => (native = nativeSha256(crypto)),
    () => JsSha256,
  );
  return loading;
}

function loadNodeCrypto(): Promise<NodeHashing> {
  return importNodeOnly(["node", ":", "crypto"]) as Promise<NodeHashing>;
}

/**
 * `import()` of a Node built-in through a specifier built at run time, in a function of its
 * own: a literal, or a `join` a minifier can fold into one, would put the name in a bundle.
 */
function importNodeOnly(parts: readonly string[]): Promise<unknown> {
  const specifier = parts.join("");
  return import(/* @vite-ignore */ /* webpackIgnore: true */ specifier);
}
