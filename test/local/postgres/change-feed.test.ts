import pg from "pg";
import { beforeAll, describe, expect, it, onTestFinished, vi } from "vitest";
import {
  ChangeFeed,
  FEED_APPLICATION_NAME,
  parseChange,
} from "../../../src/local/postgres/change-feed.js";
import type { PgModule } from "../../../src/local/postgres/load-pg.js";
import type { StoreFeedEvent } from "../../../src/local/store.js";
import { freshDatabase } from "./database.js";
import { freshSchema } from "./fixtures.js";
import { expectSessions, tcpProxy } from "./probes.js";

let url = "";
let admin: pg.Client;
beforeAll(async () => {
  ({ url, admin } = await freshDatabase());
});

/** A change as the store's writes announce it. */
const change = (overrides: Record<string, unknown> = {}) => ({
  kind: "provider_key",
  organization_id: "org_1",
  id: "pk_1",
  version: 1,
  operation: "put",
  committed_at: "2026-01-01T00:00:00.000Z",
  ...overrides,
});

/** Notifications that are not changes: each breaks exactly one rule of the payload. */
const MALFORMED: readonly string[] = [
  "",
  "not json",
  "null",
  "42",
  '"a string"',
  JSON.stringify(change({ kind: undefined })),
  JSON.stringify(change({ kind: 7 })),
  JSON.stringify(change({ kind: "idempotency" })),
  JSON.stringify(change({ organization_id: 1 })),
  JSON.stringify(change({ id: null })),
  JSON.stringify(change({ version: "1" })),
  JSON.stringify(change({ operation: "upsert" })),
  JSON.stringify(change({ committed_at: 0 })),
];

/** A feed on its own channel, stopped after the test. */
function newFeed(options: { config?: pg.ClientConfig; module?: PgModule; checkEveryMs?: number }) {
  const channel = `${freshSchema()}_changes`;
  const feed = new ChangeFeed(
    options.module ?? (pg as unknown as PgModule),
    options.config ?? { connectionString: url },
    channel,
    options.checkEveryMs ?? 0,
  );
  onTestFinished(() => feed.stop());
  return { feed, channel };
}

const notify = (channel: string, payload: string) =>
  admin.query("SELECT pg_notify($1, $2)", [channel, payload]);

/** The changes a list of events holds, in order. */
const changesIn = (events: readonly StoreFeedEvent[]) =>
  events.flatMap((event) => (event.type === "change" ? [event.change] : []));

describe("parseChange", () => {
  it("accepts a change of every kind and operation, keeping only the change's fields", () => {
    for (const kind of ["provider_key", "api_key", "organization"]) {
      for (const operation of ["put", "delete"]) {
        const payload = JSON.stringify({ ...change({ kind, operation }), extra: "dropped" });
        expect(parseChange(payload)).toEqual(change({ kind, operation }));
      }
    }
  });

  it("returns undefined for anything that is not a change", () => {
    expect(parseChange(undefined)).toBeUndefined();
    for (const payload of MALFORMED) expect(parseChange(payload), payload).toBeUndefined();
  });
});

describe("ChangeFeed", () => {
  it("delivers the changes on its channel, ignores malformed ones, and asks for no resync at first", async () => {
    const { feed, channel } = newFeed({});
    const events: StoreFeedEvent[] = [];
    feed.subscribe((event) => events.push(event));
    await feed.start();
    expect(feed.connected).toBe(true);
    expect(Date.parse(feed.connectedSince ?? "")).toBeGreaterThan(0);
    for (const payload of MALFORMED) await notify(channel, payload);
    await notify(channel, JSON.stringify(change({ id: "pk_good" })));
    await vi.waitFor(() => expect(events.length).toBeGreaterThan(0), {
      interval: 5,
      timeout: 10_000,
    });
    // Notifications arrive in order: nothing malformed came before the good one.
    expect(events).toEqual([{ type: "change", change: change({ id: "pk_good" }) }]);
  });

  it("stops calling a listener once it unsubscribed, and keeps calling the others", async () => {
    const { feed, channel } = newFeed({});
    const kept: StoreFeedEvent[] = [];
    const dropped: StoreFeedEvent[] = [];
    feed.subscribe((event) => kept.push(event));
    const unsubscribe = feed.subscribe((event) => dropped.push(event));
    await feed.start();
    await notify(channel, JSON.stringify(change({ id: "pk_both" })));
    await vi.waitFor(() => expect(dropped).toHaveLength(1), { interval: 5, timeout: 10_000 });
    unsubscribe();
    await notify(channel, JSON.stringify(change({ id: "pk_kept" })));
    await vi.waitFor(() => expect(kept).toHaveLength(2), { interval: 5, timeout: 10_000 });
    expect(changesIn(dropped).map((c) => c.id)).toEqual(["pk_both"]);
  });

  it("ignores notifications of other channels its connection hears", async () => {
    // A connection that also LISTENs elsewhere (a pooler or an extension could share it).
    class AlsoListensElsewhere extends pg.Client {
      override async connect(): Promise<pg.Client> {
        await super.connect();
        await super.query(`LISTEN "${channel}_other"`);
        return this;
      }
    }
    const module = { ...pg, Client: AlsoListensElsewhere } as unknown as PgModule;
    const { feed, channel } = newFeed({ module });
    const events: StoreFeedEvent[] = [];
    feed.subscribe((event) => events.push(event));
    await feed.start();
    await notify(`${channel}_other`, JSON.stringify(change({ id: "pk_elsewhere" })));
    await notify(channel, JSON.stringify(change({ id: "pk_here" })));
    await vi.waitFor(() => expect(events.length).toBeGreaterThan(0), {
      interval: 5,
      timeout: 10_000,
    });
    expect(changesIn(events).map((c) => c.id)).toEqual(["pk_here"]);
  });

  it("rejects start() when PostgreSQL cannot be reached", async () => {
    // Nothing listens on port 1.
    const { feed } = newFeed({ config: { connectionString: "postgresql://nobody@127.0.0.1:1/x" } });
    await expect(feed.start()).rejects.toThrow(/ECONNREFUSED/);
    expect(feed.connected).toBe(false);
  });

  it("rejects start() when its connection dies while it subscribes, without crashing the process", async () => {
    // The server ends the session between the login and the LISTEN (a restart, a failover).
    class DiesAfterLogin extends pg.Client {
      override async connect(): Promise<pg.Client> {
        await super.connect();
        const ended = new Promise((resolve) => this.once("end", resolve));
        await admin.query("SELECT pg_terminate_backend($1)", [
          (this as unknown as { processID: number }).processID,
        ]);
        await ended;
        return this;
      }
    }
    const module = { ...pg, Client: DiesAfterLogin } as unknown as PgModule;
    const { feed } = newFeed({ module });
    await expect(feed.start()).rejects.toThrow();
    expect(feed.connected).toBe(false);
  });

  it("names its session in pg_stat_activity 'byokit change feed', unless its config names one", async () => {
    const namesOf = async (channel: string) =>
      (
        await admin.query<{ application_name: string }>(
          "SELECT application_name FROM pg_stat_activity WHERE query = $1",
          [`LISTEN "${channel}"`],
        )
      ).rows.map((row) => row.application_name);
    const plain = newFeed({});
    await plain.feed.start();
    expect(await namesOf(plain.channel)).toEqual([FEED_APPLICATION_NAME]);
    const named = newFeed({ config: { connectionString: url, application_name: "billing_api" } });
    await named.feed.start();
    expect(await namesOf(named.channel)).toEqual(["billing_api"]);
  });

  it("closes its connection on stop(), and leaves none behind when stopped while starting", async () => {
    const application = `feed_stop_${freshSchema()}`;
    const config = { connectionString: url, application_name: application };
    const { feed } = newFeed({ config });
    await feed.start();
    await expectSessions(admin, application, 1);
    await feed.stop();
    expect(feed.connected).toBe(false);
    await expectSessions(admin, application, 0);

    const { feed: early } = newFeed({ config });
    const starting = early.start();
    await early.stop();
    await starting;
    expect(early.connected).toBe(false);
    await expectSessions(admin, application, 0);
  });

  it("proves its connection alive every checkEveryMs, and never with 0", async () => {
    const checks = { every50: 0, never: 0 };
    const countingChecks = (key: keyof typeof checks) =>
      class extends pg.Client {
        // biome-ignore lint/suspicious/noExplicitAny: pg's query has many overloads
        override query(...args: any[]): any {
          if (args[0] === "SELECT 1") checks[key]++;
          // biome-ignore lint/suspicious/noExplicitAny: forwarded as given
          return (super.query as any)(...args);
        }
      };
    const checked = newFeed({
      module: { ...pg, Client: countingChecks("every50") } as unknown as PgModule,
      checkEveryMs: 50,
    });
    const unchecked = newFeed({
      module: { ...pg, Client: countingChecks("never") } as unknown as PgModule,
      checkEveryMs: 0,
    });
    const events: StoreFeedEvent[] = [];
    unchecked.feed.subscribe((event) => events.push(event));
    await Promise.all([checked.feed.start(), unchecked.feed.start()]);
    // Several checks in a row: each one that answered leaves room for the next.
    await vi.waitFor(() => expect(checks.every50).toBeGreaterThanOrEqual(3), {
      timeout: 5_000,
      interval: 10,
    });
    await notify(unchecked.channel, JSON.stringify(change({ id: "pk_unchecked" })));
    await vi.waitFor(() => expect(events).toHaveLength(1), { interval: 5, timeout: 10_000 });
    expect(checks.never).toBe(0);
    expect(events).toEqual([{ type: "change", change: change({ id: "pk_unchecked" }) }]);
    expect(checked.feed.connected).toBe(true);
  });

  it("returns from stop() even when its connection went silent", async () => {
    const proxy = await tcpProxy(new URL(url));
    onTestFinished(() => proxy.close());
    const { feed } = newFeed({ config: { connectionString: proxy.url } });
    await feed.start();
    proxy.silenceAll();
    const outcome = await Promise.race([
      feed.stop().then(() => "stopped"),
      new Promise((resolve) => setTimeout(() => resolve("hung"), 5_000)),
    ]);
    expect(outcome).toBe("stopped");
  });

  it("retries with a growing, capped pause after its connection is lost, and not once stopped", async () => {
    const proxy = await tcpProxy(new URL(url));
    onTestFinished(() => proxy.close());
    let attempts = 0;
    let settled = 0;
    class Counted extends pg.Client {
      constructor(config: pg.ClientConfig) {
        super(config);
        attempts++;
      }
      override async connect(): Promise<pg.Client> {
        try {
          await super.connect();
          return this;
        } finally {
          settled++;
        }
      }
    }
    const module = { ...pg, Client: Counted } as unknown as PgModule;
    const { feed } = newFeed({ module, config: { connectionString: proxy.url } });
    const events: StoreFeedEvent[] = [];
    feed.subscribe((event) => events.push(event));
    await feed.start();
    expect(attempts).toBe(1);

    // Jitter pinned to its middle: each pause is 3/4 of the current backoff.
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval"] });
    onTestFinished(() => {
      vi.useRealTimers();
      vi.restoreAllMocks();
    });
    /** Real I/O still runs: wait for it without fake time. */
    const until = async (what: string, done: () => boolean) => {
      const deadline = Date.now() + 5_000;
      while (!done()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
        await new Promise((resolve) => setImmediate(resolve));
      }
    };

    proxy.setMode("refuse");
    proxy.destroyAll();
    await until("the feed noticed", () => !feed.connected);
    await until("a retry is scheduled", () => vi.getTimerCount() > 0);
    // The pause doubles from 100 ms up to 5 s; each attempt is one connection.
    for (const pause of [75, 150, 300, 600, 1_200, 2_400, 3_750, 3_750]) {
      const before = attempts;
      vi.advanceTimersByTime(pause - 1);
      expect(attempts, `no attempt before ${pause} ms`).toBe(before);
      vi.advanceTimersByTime(1);
      expect(attempts, `one attempt after ${pause} ms`).toBe(before + 1);
      await until("the attempt failed and the next is scheduled", () => vi.getTimerCount() > 0);
    }
    expect(events).toEqual([]);

    // Stopped while an attempt is in flight: that attempt's failure schedules no other.
    proxy.setMode("hold");
    const acceptedBefore = proxy.accepted;
    vi.advanceTimersByTime(3_750);
    const inFlight = attempts;
    await until("the proxy holds the attempt", () => proxy.accepted > acceptedBefore);
    const settledBefore = settled;
    await feed.stop();
    proxy.destroyAll();
    await until("the held attempt failed", () => settled > settledBefore);
    await new Promise((resolve) => setImmediate(resolve));
    vi.advanceTimersByTime(60_000);
    expect(attempts).toBe(inFlight);
    expect(feed.connected).toBe(false);
  });
});
