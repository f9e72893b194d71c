import type { TestProject } from "vitest/node";
import { startTestCluster } from "./postgres.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The throwaway cluster's admin URL, or "" when this run has no PostgreSQL test. */
    postgresUrl: string;
    /** Its server log, where every statement and its parameters land. */
    postgresLog: string;
  }
}

/** Where the tests that need the cluster live (a filter that names a part of one wants it). */
const POSTGRES_TESTS = [
  "test/local/postgres/",
  "test/setup/postgres.test.ts",
  "test/cli/postgres-commands.test.ts",
];

/**
 * One PostgreSQL cluster per test run (each test file makes its own database in it), started
 * only when the run includes a PostgreSQL test: a targeted run of other files pays nothing.
 */
export default async function setup(
  project: TestProject,
): Promise<(() => Promise<void>) | undefined> {
  // The file filters of this run (`vitest run test/x.test.ts`): none means every file.
  const filters = process.argv.slice(2).filter((arg) => !arg.startsWith("-") && /[/.]/.test(arg));
  const wanted =
    filters.length === 0 ||
    filters.some((filter) => {
      const path = filter.replace(/^\.\//, "");
      // A filter matches by substring: `test/local` runs test/local/postgres/ too.
      return path.includes("postgres") || POSTGRES_TESTS.some((tests) => tests.includes(path));
    });
  if (!wanted) {
    project.provide("postgresUrl", "");
    project.provide("postgresLog", "");
    return;
  }
  const cluster = await startTestCluster();
  project.provide("postgresUrl", cluster.connectionString);
  project.provide("postgresLog", cluster.logFile);
  return () => cluster.stop();
}
