import pg from "pg";
import { beforeAll, describe, expect, it, onTestFinished, vi } from "vitest";
import { ValidationError } from "../../../src/errors/validation-error.js";
import { openConnection } from "../../../src/local/postgres/connection.js";
import { loadPg } from "../../../src/local/postgres/load-pg.js";
import { migrate } from "../../../src/local/postgres/migrate.js";
import { postgresStore } from "../../../src/local/postgres/postgres-store.js";
import { PostgresStoreError } from "../../../src/local/postgres/postgres-store-error.js";
import { MissingPeerDependencyError } from "../../../src/testing/missing-peer-dependency-error.js";
import { freshDatabase } from "./database.js";
import { fakeApiKey, freshSchema, newMasterKey, storedOpenAiEntry } from "./fixtures.js";
import { poolWithOptions } from "./probes.js";

let url = "";
beforeAll(async () => {
  ({ url } = await freshDatabase());
});

/** What `fn` threw (it must throw). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

/** The issues of the ValidationError `fn` throws. */
function issuesOf(fn: () => unknown) {
  const error = thrown(fn);
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).issues;
}

/** The reason of what `Connection.fail` made. */
const reasonOf = (error: unknown) => (error as PostgresStoreError).reason;

/** A connection of the test, closed after it. */
async function connection(options: Parameters<typeof openConnection>[0]) {
  const opened = await openConnection(options);
  onTestFinished(() => opened.close());
  return opened;
}

describe("postgresStore options, checked before anything connects", () => {
  const masterKey = newMasterKey();

  it("wants exactly one of connectionString and pool", () => {
    const pool = new pg.Pool({ connectionString: url });
    onTestFinished(() => pool.end());
    for (const options of [{}, { connectionString: url, pool }]) {
      expect(issuesOf(() => postgresStore({ ...options, masterKey }))).toEqual([
        { path: "connectionString", message: expect.stringMatching(/exactly one of/) },
      ]);
    }
  });

  it("takes a postgres:// or postgresql:// URL and refuses anything else", async () => {
    const refused: unknown[] = [
      "127.0.0.1:5432/byokit",
      "xpostgresql://127.0.0.1/byokit",
      "https://example.test/?next=postgresql://127.0.0.1/byokit",
      new URL(url), // a URL object, not its string
      42,
    ];
    for (const connectionString of refused) {
      const issues = issuesOf(() =>
        postgresStore({ connectionString: connectionString as string, masterKey }),
      );
      expect(issues).toEqual([
        { path: "connectionString", message: expect.stringMatching(/postgresql:\/\/ URL/) },
      ]);
    }
    const short = url.replace(/^postgresql:/, "postgres:");
    expect(short.startsWith("postgres://")).toBe(true);
    expect((await migrate({ connectionString: short, schema: freshSchema() })).version).toBe(1);
  });

  it("takes a schema that is a lower-case identifier of at most 48 characters, and nothing else", () => {
    for (const schema of ["Tenant", "1st", "a".repeat(49), "", ["tenant"]]) {
      expect(
        issuesOf(() =>
          postgresStore({ connectionString: url, masterKey, schema: schema as string }),
        ),
      ).toEqual([{ path: "schema", message: expect.stringMatching(/lower-case identifier/) }]);
    }
    for (const schema of ["_tenant", `t${"0".repeat(47)}`]) {
      const store = postgresStore({ connectionString: url, masterKey, schema });
      expect(JSON.parse(JSON.stringify(store))).toEqual({ kind: "postgres", schema });
      onTestFinished(() => store.close());
    }
  });

  it("takes feedCheckIntervalMs as whole milliseconds, 0 or more", async () => {
    for (const feedCheckIntervalMs of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, "100"]) {
      expect(
        issuesOf(() =>
          postgresStore({
            connectionString: url,
            masterKey,
            feedCheckIntervalMs: feedCheckIntervalMs as number,
          }),
        ),
      ).toEqual([{ path: "feedCheckIntervalMs", message: expect.stringMatching(/whole number/) }]);
    }
    for (const feedCheckIntervalMs of [0, 25]) {
      const store = postgresStore({
        connectionString: url,
        masterKey,
        schema: freshSchema(),
        feedCheckIntervalMs,
      });
      onTestFinished(() => store.close());
      await store.load();
      expect(store.health().connected).toBe(true);
    }
  });

  it("reads the master key from BYOKIT_MASTER_KEY unless masterKey is given, and names where a bad one came from", async () => {
    const schema = freshSchema();
    vi.stubEnv("BYOKIT_MASTER_KEY", masterKey);
    onTestFinished(() => {
      vi.unstubAllEnvs();
    });
    const fromEnvironment = postgresStore({ connectionString: url, schema });
    onTestFinished(() => fromEnvironment.close());
    const entry = storedOpenAiEntry("pk_env", fakeApiKey());
    await fromEnvironment.put(entry);
    const explicit = postgresStore({ connectionString: url, schema, masterKey });
    onTestFinished(() => explicit.close());
    expect(await explicit.get("org_1", "pk_env")).toEqual(entry);

    // Given, masterKey wins over the environment, and its errors name masterKey.
    for (const bad of ["", "too short"]) {
      const issues = issuesOf(() => postgresStore({ connectionString: url, masterKey: bad }));
      expect(issues.map((issue) => issue.path)).toEqual(["masterKey"]);
    }
    expect(
      issuesOf(() => postgresStore({ connectionString: url, masterKey: "" }))[0]?.message,
    ).toMatch(/is required/);
    for (const environment of ["", "too short"]) {
      vi.stubEnv("BYOKIT_MASTER_KEY", environment);
      const issues = issuesOf(() => postgresStore({ connectionString: url }));
      expect(issues.map((issue) => issue.path)).toEqual(["BYOKIT_MASTER_KEY"]);
    }
    vi.stubEnv("BYOKIT_MASTER_KEY", undefined);
    expect(issuesOf(() => postgresStore({ connectionString: url }))).toEqual([
      { path: "BYOKIT_MASTER_KEY", message: expect.stringMatching(/is required/) },
    ]);
  });
});

describe("errors from PostgreSQL", () => {
  it("say what failed, the server's message and its SQLSTATE, as a database error", async () => {
    const { pool, fail } = await connection({ connectionString: url });
    const cause = await pool.query("SELECT * FROM nowhere").catch((error: unknown) => error);
    const error = fail(cause, "reading nowhere");
    expect(error).toBeInstanceOf(PostgresStoreError);
    expect(error).toMatchObject({
      reason: "database",
      message:
        'PostgreSQL store: reading nowhere failed: relation "nowhere" does not exist (42P01)',
    });
    // Without a code or a message, the error itself still says what it was.
    expect(fail(new Error("socket hang up"), "writing").message).toBe(
      "PostgreSQL store: writing failed: socket hang up",
    );
    expect(fail("a thrown string", "writing").message).toBe(
      "PostgreSQL store: writing failed: a thrown string",
    );
    expect(fail(new RangeError(""), "writing").message).toBe(
      "PostgreSQL store: writing failed: RangeError",
    );
    expect(fail({ message: 42, code: 7 }, "writing").message).toBe(
      "PostgreSQL store: writing failed: [object Object]",
    );
    // Our own errors pass through as they are.
    const own = new ValidationError([{ path: "x", message: "y" }]);
    expect(fail(own, "writing")).toBe(own);
  });

  it("call a failure to reach or stay connected to PostgreSQL a connection error", async () => {
    const { fail } = await connection({ connectionString: url });
    // What PostgreSQL itself answers: no such database, no such role.
    const noDatabase = await migrate({
      connectionString: url.replace(/\/[^/]+$/, "/no_such_database"),
    }).catch((error: unknown) => error);
    expect(noDatabase).toMatchObject({ reason: "connection" });
    expect((noDatabase as Error).message).toMatch(
      /^PostgreSQL store: connecting failed: .*\(3D000\)$/,
    );
    const noRole = await migrate({
      connectionString: url.replace("postgres@", "no_such_role@"),
    }).catch((error: unknown) => error);
    expect(noRole).toMatchObject({ reason: "connection" });
    expect((noRole as Error).message).toMatch(/\(28000\)$/);
    // What sockets and the server say, in their own words (none of which says "connect").
    const failures = [
      Object.assign(new AggregateError([], ""), { code: "ECONNREFUSED" }), // happy eyeballs
      Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }),
      Object.assign(new Error("getaddrinfo ENOTFOUND db.internal"), { code: "ENOTFOUND" }),
      Object.assign(new Error("read ETIMEDOUT"), { code: "ETIMEDOUT" }),
      Object.assign(new Error("getaddrinfo EAI_AGAIN db.internal"), { code: "EAI_AGAIN" }),
      Object.assign(new Error("the database system is starting up"), { code: "57P03" }),
      Object.assign(new Error('password authentication failed for user "app"'), {
        code: "28P01",
      }),
    ];
    for (const failure of failures) {
      expect(reasonOf(fail(failure, "loading")), failure.code).toBe("connection");
    }
    expect(reasonOf(fail(new Error("Connection terminated unexpectedly"), "loading"))).toBe(
      "connection",
    );
    expect(
      reasonOf(fail(Object.assign(new Error("deadlock detected"), { code: "40P01" }), "x")),
    ).toBe("database");
  });

  it("never repeat the password or the connection string", async () => {
    const password = "FAKE-pass/word:1@2";
    const encoded = encodeURIComponent(password);
    const withPassword = url.replace("postgres@", `postgres:${encoded}@`);
    const owned = await connection({ connectionString: withPassword });
    const leaky = owned.fail(
      new Error(`could not use ${withPassword} (password ${password}, encoded ${encoded})`),
      "connecting",
    );
    expect(leaky.message).toBe(
      `PostgreSQL store: connecting failed: could not use *** (password ***, encoded ${encoded})`,
    );

    // A pool of the caller's (anything shaped like a pg.Pool): its connection string and
    // password are just as secret.
    const pool = poolWithOptions(url, {
      connectionString: withPassword,
      password: "FAKE-pool-password",
    });
    const borrowed = await connection({ pool });
    const message = borrowed.fail(
      new Error(`${withPassword} refused FAKE-pool-password`),
      "connecting",
    ).message;
    expect(message).toBe("PostgreSQL store: connecting failed: *** refused ***");

    // Nothing to hide: the message is left whole.
    const plain = new Error('relation "x" does not exist');
    const emptyPassword = { ...pool, options: { host: "127.0.0.1", password: "" } };
    for (const options of [{ connectionString: url }, { pool: emptyPassword }]) {
      expect((await connection(options)).fail(plain, "reading").message).toBe(
        'PostgreSQL store: reading failed: relation "x" does not exist',
      );
    }
  });

  it("adds no listener to a pool it borrows, and leaves it open", async () => {
    const pool = new pg.Pool({ connectionString: url });
    onTestFinished(() => pool.end());
    const store = postgresStore({ pool, masterKey: newMasterKey(), schema: freshSchema() });
    await store.load();
    await store.close();
    expect(pool.listenerCount("error")).toBe(0);
    expect((await pool.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
  });

  it("opens its LISTEN connection with a borrowed pool's password, and keeps it out of errors", async () => {
    // pg-pool keeps `password` as a non-enumerable property of `pool.options` (out of logs):
    // `{ ...pool.options }` alone would drop it. The test cluster trusts every login, so the
    // config is what can be checked.
    const pool = new pg.Pool({ connectionString: url, password: "FAKE-pool-password" });
    onTestFinished(() => pool.end());
    const connection = await openConnection({ pool });
    onTestFinished(() => connection.close());
    expect(connection.clientConfig.password).toBe("FAKE-pool-password");
    expect(connection.clientConfig.connectionString).toBe(url);
    const error = connection.fail(new Error("auth failed for FAKE-pool-password"), "connecting");
    expect(error.message).not.toContain("FAKE-pool-password");
  });
});

describe("loadPg", () => {
  it("returns pg's own exports", async () => {
    expect(await loadPg()).toBe(pg);
    const exportsOnly = { Pool: class {} };
    expect(await loadPg(async () => exportsOnly)).toBe(exportsOnly);
    expect(await loadPg(async () => ({ default: exportsOnly }))).toBe(exportsOnly);
  });

  it("says to install pg when pg itself is missing, whether imported or required", async () => {
    const missing = [
      Object.assign(new Error("Cannot find package 'pg' imported from /app/dist/index.js"), {
        code: "ERR_MODULE_NOT_FOUND",
      }),
      Object.assign(new Error("Cannot find module 'pg'\nRequire stack:\n- /app/dist/index.cjs"), {
        code: "MODULE_NOT_FOUND",
      }),
    ];
    for (const cause of missing) {
      const error = await loadPg(() => Promise.reject(cause)).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(MissingPeerDependencyError);
      expect(error).toMatchObject({ packageName: "pg" });
      expect((error as Error).message).toMatch(
        /^postgresStore needs pg \(node-postgres\).*npm i pg/,
      );
    }
  });

  it("lets any other failure through as it is", async () => {
    const others = [
      // A dependency of pg is missing, not pg.
      Object.assign(new Error("Cannot find package 'pg-protocol' imported from /app/pg/index.js"), {
        code: "ERR_MODULE_NOT_FOUND",
      }),
      Object.assign(new Error("Cannot find module 'pg-pool'"), { code: "MODULE_NOT_FOUND" }),
      // pg is there but failed to load.
      new Error("the 'pg' native bindings failed to load"),
      Object.assign(new Error("Cannot find module 'pg'"), { code: "EACCES" }),
    ];
    for (const cause of others) {
      await expect(loadPg(() => Promise.reject(cause))).rejects.toBe(cause);
    }
  });
});
