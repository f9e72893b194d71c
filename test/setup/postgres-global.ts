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

/**
 * One PostgreSQL cluster per test run (each test file makes its own database in it), started
 * only when the run includes a PostgreSQL test: a targeted run of other files pays nothing.
 */
export default async function setup(
  project: TestProject,
): Promise<(() => Promise<void>) | undefined> {
  // The file filters of this run (`vitest run test/x.test.ts`): none means every file.
  const filters = process.argv.slice(2).filter((arg) => !arg.startsWith("-") && /[/.]/.test(arg));
  const wanted = filters.length === 0 || filters.some((filter) => filter.includes("postgres"));
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
