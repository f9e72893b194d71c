import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { findPostgresBin } from "./postgres.js";

const empty = mkdtempSync(join(tmpdir(), "byokit-no-postgres-"));
afterAll(() => rmSync(empty, { recursive: true, force: true }));

describe("the PostgreSQL test harness", () => {
  it("says which package to install when there are no PostgreSQL binaries", () => {
    expect(() => findPostgresBin({ PATH: empty }, join(empty, "missing"))).toThrow(
      /apt-get install postgresql/,
    );
    expect(() => findPostgresBin({ BYOKIT_POSTGRES_BIN: empty })).toThrow(/has no initdb/);
  });

  it("runs one throwaway cluster for the run, on loopback, not as root", async () => {
    const url = inject("postgresUrl");
    expect(new URL(url).hostname).toBe("127.0.0.1");
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const settings = await client.query(
        "SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'listen_addresses') ORDER BY name",
      );
      expect(settings.rows).toEqual([
        { name: "fsync", setting: "off" },
        { name: "listen_addresses", setting: "127.0.0.1" },
      ]);
    } finally {
      await client.end();
    }
  });
});
