// Node-only: the login of `byokit serve --ui`. Imported by admin-console.ts alone.
import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { constantTimeEqual } from "./http/constant-time-equal.js";

/** The session cookie's name. */
export const SESSION_COOKIE = "byokit_session";

/**
 * The console's login, as notebook servers do it: one secret login code, printed by `serve`
 * inside a link (`/login?code=…`); its first use opens a session (an `HttpOnly`,
 * `SameSite=Strict` cookie) and spends it. The page itself never carries a credential, so a
 * local process that loads the page gets nothing.
 */
export class ConsoleSessions {
  readonly #code = randomBytes(32).toString("base64url");
  #spent = false;
  readonly #sessions = new Set<string>();

  /** `/login?code=…`: the path of the one-time login link. */
  get loginPath(): string {
    return `/login?code=${this.#code}`;
  }

  /**
   * Spends the login code when `code` is it and it is unspent; answers the new session id,
   * or `undefined` (a wrong code, or a second use).
   */
  logIn(code: string | null): string | undefined {
    if (this.#spent || code === null || !constantTimeEqual(code, this.#code)) return undefined;
    this.#spent = true;
    const session = randomBytes(32).toString("base64url");
    this.#sessions.add(session);
    return session;
  }

  /** Whether the request carries the cookie of an open session. */
  isLoggedIn(incoming: IncomingMessage): boolean {
    const session = cookieValue(incoming.headers.cookie, SESSION_COOKIE);
    if (session === undefined) return false;
    for (const known of this.#sessions) if (constantTimeEqual(session, known)) return true;
    return false;
  }
}

/** `Set-Cookie` for a session: HttpOnly, SameSite=Strict, Path=/, and Secure over https. */
export function sessionCookie(session: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${session}; HttpOnly; SameSite=Strict; Path=/${secure ? "; Secure" : ""}`;
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return value.join("=");
  }
  return undefined;
}
