import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const src = fileURLToPath(new URL("./src/", import.meta.url));

export default defineConfig({
  resolve: {
    // Examples and tests may import the package by name, as users do.
    alias: [
      { find: /^byokit$/, replacement: `${src}index.ts` },
      { find: /^byokit\/(.*)$/, replacement: `${src}$1/index.ts` },
    ],
  },
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup/no-network.ts"],
    environment: "node",
    testTimeout: 20_000,
  },
});
