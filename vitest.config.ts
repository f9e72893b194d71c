import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { playwright } from "@vitest/browser-playwright";
import { defineConfig } from "vitest/config";
import { findChromium, launchOptions } from "./test/setup/chromium.js";

const root = fileURLToPath(new URL("./", import.meta.url));
const src = `${root}src/`;

/** The Chromium that test/setup/chromium.ts finds (the same one the end-to-end test uses). */
const found = await findChromium();
console.info(`browser tests: Chromium from ${found.source} (${found.executablePath})`);
const chromium = playwright({ launchOptions: launchOptions(found) });

const NODE_SETUP = ["test/setup/no-network.ts", "test/setup/fast-check-seed.ts"];

/**
 * Folders of in-process unit tests: no child process, file, server or database, so their files
 * can share a module graph ("unit" below). Everything else runs in the "node" project, each
 * file with modules of its own.
 */
const UNIT_FOLDERS = [
  "test/client",
  "test/errors",
  "test/internal",
  "test/masking",
  "test/providers",
  "test/resolver",
  "test/schemas",
  "test/validators",
];

/** Unit test files that need modules of their own: one replaces a module (`vi.mock`), one loads full zod. */
const NEEDS_OWN_MODULES = [
  "test/validators/browser-runtime.test.ts",
  "test/providers/full-zod-locale.test.ts",
];

const unitTests = UNIT_FOLDERS.flatMap((folder) =>
  readdirSync(`${root}${folder}`, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".test.ts"))
    .map((file) => `${folder}/${file}`),
).filter((file) => !NEEDS_OWN_MODULES.includes(file));

export default defineConfig({
  resolve: {
    // Examples and tests may import the package by name, as users do.
    alias: [
      { find: /^byokit$/, replacement: `${src}index.ts` },
      { find: /^byokit\/testing\/msw$/, replacement: `${src}testing/msw.ts` },
      { find: /^byokit\/(.*)$/, replacement: `${src}$1/index.ts` },
    ],
  },
  test: {
    testTimeout: 20_000,
    // One worker per core (vitest's default leaves one idle): most files wait on child
    // processes, sockets or PostgreSQL, so on two cores this takes the run from ~250 s to ~170 s.
    maxWorkers: "100%",
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: unitTests,
          setupFiles: NODE_SETUP,
          environment: "node",
          // The files of a worker share one module graph instead of importing it again each:
          // import time was more than half of these files' run. They restore what they change
          // (env, globals, timers, msw servers) after each test.
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: "node",
          include: ["test/**/*.test.ts"],
          exclude: ["test/browser/**", ...unitTests],
          setupFiles: NODE_SETUP,
          // One throwaway PostgreSQL cluster for the run (only when it has a PostgreSQL test).
          globalSetup: ["test/setup/postgres-global.ts"],
          environment: "node",
        },
      },
      {
        extends: true,
        // Pre-bundled up front: a dependency found mid-run makes Vite reload the page.
        optimizeDeps: {
          include: [
            "@aws-crypto/sha256-js",
            "@smithy/signature-v4",
            "fast-check",
            "jose",
            "ky",
            "msw",
            "zod/mini",
          ],
        },
        test: {
          name: "browser",
          include: ["test/browser/**/*.browser.test.ts"],
          globalSetup: ["test/browser/setup/global-setup.ts"],
          browser: {
            enabled: true,
            headless: true,
            provider: chromium,
            instances: [{ browser: "chromium" }],
            screenshotFailures: false,
          },
        },
      },
    ],
  },
});
