import { type AddressInfo, connect, createServer, type Socket } from "node:net";
import pg from "pg";
import { onTestFinished, vi } from "vitest";

/** The sessions PostgreSQL has open for one `application_name`. */
export async function sessionCount(admin: pg.Client, applicationName: string): Promise<number> {
  const result = await admin.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1",
    [applicationName],
  );
  return result.rows[0]?.n ?? 0;
}

/**
 * Waits until PostgreSQL shows `expected` sessions for `applicationName` (a closed client's
 * backend leaves `pg_stat_activity` a moment after the socket closes).
 */
export async function expectSessions(
  admin: pg.Client,
  applicationName: string,
  expected: number,
  timeout = 5_000,
): Promise<void> {
  await vi.waitFor(
    async () => {
      const count = await sessionCount(admin, applicationName);
      if (count !== expected) {
        throw new Error(`${count} sessions of ${applicationName}, expected ${expected}`);
      }
    },
    { timeout, interval: 20 },
  );
}

/** The URL with `application_name` set, so a test can find its sessions in pg_stat_activity. */
export function withApplicationName(url: string, applicationName: string): string {
  const named = new URL(url);
  named.searchParams.set("application_name", applicationName);
  return named.toString();
}

/**
 * A TCP proxy to the database on loopback, standing for the network between an instance and
 * PostgreSQL: it forwards (`"forward"`), refuses new connections (`"refuse"`: accepted, then
 * reset), or holds them (`"hold"`: accepted, never answered). Current connections can be cut
 * (`destroyAll`) or silenced without closing (`silenceAll`, a network partition).
 */
export async function tcpProxy(target: URL) {
  const live: Socket[] = [];
  const silenced: Socket[] = [];
  let mode: "forward" | "refuse" | "hold" = "forward";
  let accepted = 0;
  const server = createServer((downstream) => {
    accepted++;
    downstream.on("error", () => {});
    if (mode === "refuse") {
      downstream.destroy();
      return;
    }
    live.push(downstream);
    if (mode === "hold") return;
    const upstream = connect(Number(target.port), target.hostname);
    upstream.on("error", () => {});
    downstream.pipe(upstream);
    upstream.pipe(downstream);
    downstream.on("close", () => upstream.destroy());
    upstream.on("close", () => downstream.destroy());
    live.push(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const proxied = new URL(target);
  proxied.port = String((server.address() as AddressInfo).port);
  const destroyAll = () => {
    for (const socket of [...live.splice(0), ...silenced.splice(0)]) socket.destroy();
  };
  return {
    url: proxied.toString(),
    /** Connections accepted so far (refused and held ones included). */
    get accepted() {
      return accepted;
    },
    setMode(next: "forward" | "refuse" | "hold") {
      mode = next;
    },
    destroyAll,
    silenceAll() {
      for (const socket of live.splice(0)) {
        socket.unpipe();
        socket.pause();
        silenced.push(socket);
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        destroyAll();
        server.close(() => resolve());
      }),
  };
}

/**
 * A real pool, passed to the store as "anything shaped like a pg.Pool", that can make one
 * coming statement meet a changed database: `before(prefix, change)` runs `change` (say, an
 * admin renaming a table) just before the next statement that starts with `prefix`, as if
 * another session had done it between two statements of the store.
 */
export function interleavingPool(url: string) {
  const real = new pg.Pool({ connectionString: url });
  let pending: { prefix: string; change: () => Promise<unknown> } | undefined;
  return {
    connect: () => real.connect(),
    query: async (text: string, values?: unknown[]) => {
      const armed = pending;
      if (armed && text.trimStart().startsWith(armed.prefix)) {
        pending = undefined;
        await armed.change();
      }
      return real.query(text, values);
    },
    end: () => real.end(),
    options: real.options,
    before(prefix: string, change: () => Promise<unknown>) {
      pending = { prefix, change };
    },
  };
}

/**
 * A pool of the caller's as the store sees one ("anything shaped like a pg.Pool"): queries go
 * to a real pool on `url`, while `options` (what the LISTEN connection is built from) are the
 * ones given. The real pool is ended after the test.
 */
export function poolWithOptions(url: string, options: Record<string, unknown>) {
  const real = new pg.Pool({ connectionString: url });
  onTestFinished(() => real.end());
  return {
    connect: () => real.connect(),
    query: (...args: never[]) => real.query(...(args as unknown as [string])),
    end: () => real.end(),
    options,
  };
}

/** What a promise rejected with (it must reject). */
export const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: unknown) => error as Error,
  );
