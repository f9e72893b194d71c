/**
 * The vitest configuration StrykerJS runs (stryker.config.mjs): the repository's Node tests
 * (its `node` project's setup, with the `unit` project's files too), with its aliases, setup
 * files and timeouts. The StrykerJS 9 vitest runner has no
 * project filter, and the browser project cannot run mutants (it does not share the Node
 * process whose instrumented code Stryker switches).
 *
 * `BYOKIT_MUTATION_TESTS` (comma-separated globs) narrows the node project's `include` to the
 * tests that cover one area: Stryker's dry run otherwise runs the whole node suite (about
 * 5 minutes on two cores) before every run. docs/TESTING.md has one ready command per area.
 *
 * @example
 * BYOKIT_MUTATION_TESTS="test/resolver/**\/*.test.ts" npx stryker run --mutate "src/resolver/**\/*.ts"
 */
import { defineConfig } from "vitest/config";
import { loadFailuresAsTests } from "./test/setup/mutation-load-failures.js";
import repository from "./vitest.config.js";

const node = repository.test?.projects?.find(
  (project) => typeof project === "object" && "test" in project && project.test?.name === "node",
);
if (node === undefined || typeof node !== "object" || !("test" in node)) {
  throw new Error("vitest.config.ts has no project named node");
}

/** The test globs of `BYOKIT_MUTATION_TESTS`, or undefined to keep the whole node project. */
function narrowedInclude(value: string | undefined): string[] | undefined {
  const globs = (value ?? "")
    .split(",")
    .map((glob) => glob.trim())
    .filter((glob) => glob !== "");
  return globs.length === 0 ? undefined : globs;
}

const include = narrowedInclude(process.env.BYOKIT_MUTATION_TESTS);
// Instrumented code runs several times slower, often beside other work on two cores: a test
// that takes 5 s in `npm test` (the 1 MB redaction) would time out at the usual 20 s.
// Stryker times each mutant out on its own (from the dry run's durations), so this only keeps
// the dry run from failing.
const testTimeout = 120_000;
// Every Node test file, each with modules of its own (as measured in docs/TESTING.md): the
// repository splits them into "unit" (sharing modules) and "node" for speed.
const project = {
  ...node,
  test: {
    ...node.test,
    name: "node",
    testTimeout,
    include: include ?? ["test/**/*.test.ts"],
    exclude: ["test/browser/**"],
    isolate: true,
  },
};

export default defineConfig({
  ...repository,
  test: {
    ...repository.test,
    projects: [project],
    // A mutant that makes a test file fail to load is killed (test/setup/mutation-load-failures.ts).
    reporters: ["default", loadFailuresAsTests()],
  },
});
