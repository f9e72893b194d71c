import { ByokError } from "../errors/byok-error.js";

/**
 * Why `serve()` could not listen: `address_in_use` (another process holds the port),
 * `permission_denied` (a port below 1024 without the right), `address_unavailable` (the host
 * is not an address of this machine), `other`.
 */
export type ListenErrorReason =
  | "address_in_use"
  | "permission_denied"
  | "address_unavailable"
  | "other";

const REASONS: Readonly<Record<string, { reason: ListenErrorReason; says: string }>> = {
  EADDRINUSE: { reason: "address_in_use", says: "is already in use" },
  EACCES: { reason: "permission_denied", says: "needs more privileges (ports below 1024 do)" },
  EADDRNOTAVAIL: {
    reason: "address_unavailable",
    says: "is not an address of this machine",
  },
};

/**
 * `serve()` could not listen on its address. The message names the address and the cause:
 * `127.0.0.1:8787 is already in use`.
 *
 * @example
 * try { await serve(local, { port: 8787 }); }
 * catch (error) { if (error instanceof ListenError && error.reason === "address_in_use") … }
 */
export class ListenError extends ByokError {
  override name = "ListenError";
  readonly reason: ListenErrorReason;
  /** `host:port` as asked for (`[::1]:8787` for IPv6). */
  readonly address: string;

  constructor(address: string, cause: unknown) {
    const code = (cause as { code?: unknown } | null)?.code;
    const known = typeof code === "string" ? REASONS[code] : undefined;
    const safeCode = typeof code === "string" && /^E[A-Z0-9_]{1,40}$/.test(code) ? code : "";
    super(
      known
        ? `cannot listen on ${address}: it ${known.says} (${safeCode})`
        : `cannot listen on ${address}${safeCode ? ` (${safeCode})` : ""}`,
      { cause },
    );
    this.reason = known?.reason ?? "other";
    this.address = address;
  }
}
