import { defineConfig } from "tsup";
import { buildAdminConsole } from "./scripts/build-ui.js";

/** Installed by users who want them; never bundled into dist/. */
const external = ["msw", "google-auth-library"];

const entries = {
  index: "src/index.ts",
  resolver: "src/resolver/index.ts",
  local: "src/local/index.ts",
  testing: "src/testing/index.ts",
};

export default defineConfig([
  {
    // ESM, one file per module: an app's bundler keeps only the modules it uses (with
    // `sideEffects: false`), and the zod schemas stay out of a client that never writes.
    entry: ["src/**/*.ts", "!src/cli/**", "!src/ui/**"],
    bundle: false,
    format: ["esm"],
    outDir: "dist",
    target: "es2022",
    platform: "neutral",
  },
  {
    // CommonJS for `require`: bundled per entry, shared code split into common chunks so that
    // `instanceof` holds across entries.
    entry: entries,
    format: ["cjs"],
    outDir: "dist",
    target: "es2022",
    platform: "neutral",
    splitting: true,
    external,
    dts: true,
  },
  {
    // Types for `import`.
    entry: entries,
    format: ["esm"],
    outDir: "dist/types",
    dts: { only: true },
    external,
  },
  {
    entry: { cli: "src/cli/index.ts" },
    format: ["esm"],
    outDir: "dist",
    target: "node20",
    platform: "node",
    banner: { js: "#!/usr/bin/env node" },
    external,
    // `byokit serve --ui` serves dist/ui/ beside dist/cli.js.
    onSuccess: () => buildAdminConsole("dist/ui"),
  },
]);
