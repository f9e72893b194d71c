// Mutation testing (`npm run test:mutation`, docs/TESTING.md): StrykerJS 9 with its vitest
// runner over the Node tests. Not part of CI: a full run takes hours on two cores.
// StrykerJS 10 needs Node 22; byokit supports Node 20, hence 9.6.

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutation.config.ts" },
  // The areas issue 13 scores (docs/TESTING.md has the table). Narrow one run with
  // `npm run test:mutation -- --mutate src/client/retry-policy.ts`.
  mutate: [
    "src/resolver/**/*.ts",
    "src/masking/**/*.ts",
    "src/client/**/*.ts",
    "src/local/http/**/*.ts",
    // The stores and what they are built from.
    "src/local/store.ts",
    "src/local/memory-store.ts",
    "src/local/file-store.ts",
    "src/local/file-store-error.ts",
    "src/local/write-queue.ts",
    "src/local/organization-keys.ts",
    "src/local/merge-credentials.ts",
    "src/local/random-id.ts",
    // The many-writer contract (issue 12): version checks, the feed, shared idempotency, and
    // the PostgreSQL store (its tests start their own throwaway cluster).
    "src/local/write-condition.ts",
    "src/local/change-feed.ts",
    "src/local/memory-idempotency.ts",
    "src/local/backend-index.ts",
    "src/local/postgres/**/*.ts",
    "src/validators/classify.ts",
    "src/providers/**/*.ts",
    // Types and barrels have nothing to mutate.
    "!src/**/types.ts",
    "!src/**/index.ts",
  ],
  coverageAnalysis: "perTest",
  // The record of the last run: only mutants whose code or covering tests changed run again.
  // Gitignored (see docs/TESTING.md): the first run on a machine is a full one.
  incremental: true,
  incrementalFile: "reports/stryker-incremental.json",
  // Two cores shared with others: one test process unless `--concurrency N` is given.
  concurrency: 1,
  reporters: ["clear-text", "progress-append-only", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  tempDirName: ".stryker-tmp",
  // Runs of several areas side by side (docs/TESTING.md) each have their own sandbox folder:
  // none is copied into another's sandbox, nor are the reports.
  ignorePatterns: [".stryker-tmp*", "reports", "test-results", "dist"],
  cleanTempDir: "always",
  thresholds: { high: 90, low: 80, break: null },
};
