import { fileURLToPath } from "node:url";
import { playwright } from "@vitest/browser-playwright";
import { defineConfig } from "vitest/config";
import { findChromium, launchOptions } from "./test/setup/chromium.js";

const src = fileURLToPath(new URL("./src/", import.meta.url));

/** The Chromium that test/setup/chromium.ts finds (the same one the end-to-end test uses). */
const found = await findChromium();
console.info(`browser tests: Chromium from ${found.source} (${found.executablePath})`);
const chromium = playwright({ launchOptions: launchOptions(found) });

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
          name: "node",
          include: ["test/**/*.test.ts"],
          exclude: ["test/browser/**"],
          setupFiles: ["test/setup/no-network.ts", "test/setup/fast-check-seed.ts"],
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
