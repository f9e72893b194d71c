/**
 * The vitest configuration StrykerJS runs (stryker.config.mjs): the repository's `node` project
 * alone, with its aliases, setup files and timeouts. The StrykerJS 9 vitest runner has no
 * project filter, and the browser project cannot run mutants (it does not share the Node
 * process whose instrumented code Stryker switches).
 */
import { defineConfig } from "vitest/config";
import repository from "./vitest.config.js";

const node = repository.test?.projects?.find(
  (project) => typeof project === "object" && "test" in project && project.test?.name === "node",
);
if (node === undefined) throw new Error("vitest.config.ts has no project named node");

export default defineConfig({ ...repository, test: { ...repository.test, projects: [node] } });
