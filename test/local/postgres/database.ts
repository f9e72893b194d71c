import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, inject } from "vitest";

/**
 * A fresh database in the run's cluster (test/setup/postgres-global.ts), dropped after the
 * file's tests: each test file starts from nothing and files never see each other's rows.
 */
export async function freshDatabase(): Promise<{ url: string; admin: pg.Client }> {
  const clusterUrl = inject("postgresUrl");
  if (!clusterUrl) {
    throw new Error("no test PostgreSQL cluster: run this file through vitest's node project");
  }
  const name = `byokit_test_${randomBytes(6).toString("hex")}`;
  const setup = new pg.Client({ connectionString: clusterUrl });
  await setup.connect();
  await setup.query(`CREATE DATABASE ${name}`);
  await setup.end();
  const url = clusterUrl.replace(/\/postgres$/, `/${name}`);
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  afterAll(async () => {
    await admin.end();
    const drop = new pg.Client({ connectionString: clusterUrl });
    await drop.connect();
    await drop.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await drop.end();
  });
  return { url, admin };
}

/** The cluster's server log so far. */
export function serverLog(): string {
  return inject("postgresLog");
}
