/**
 * True in Node (and runtimes that mimic it). Decides the wording of network failures (a
 * browser cannot tell CORS from the network) and whether google-auth-library may be loaded.
 */
export function isNodeRuntime(): boolean {
  return typeof globalThis.process?.versions?.node === "string";
}
