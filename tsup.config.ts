import { writeFile } from "node:fs/promises";
import { defineConfig } from "tsup";
import { buildAdminConsole } from "./scripts/build-ui.js";

/** `byokit/resolver` and `byokit/local` under `require()`: the one CommonJS bundle. */
async function writeCommonJsShims(): Promise<void> {
  for (const name of ["resolver", "local"]) {
    await writeFile(
      `dist/${name}.cjs`,
      `"use strict";\nmodule.exports = require("./index.cjs");\n`,
    );
  }
}

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
    entry: ["src/**/*.ts", "!src/cli/**", "!src/ui/**", "!src/cjs-bundle.ts"],
    bundle: false,
    format: ["esm"],
    outDir: "dist",
    target: "es2022",
    platform: "neutral",
  },
  {
    // CommonJS for `require`: one bundle behind `byokit`, `byokit/resolver` and `byokit/local`
    // (see src/cjs-bundle.ts), with ky and jose (ESM only) bundled in so that Node 20 before
    // 20.19 can `require()` it too.
    entry: { index: "src/cjs-bundle.ts" },
    format: ["cjs"],
    outDir: "dist",
    target: "node20",
    platform: "node",
    noExternal: ["ky", "jose"],
    external,
    onSuccess: writeCommonJsShims,
  },
  {
    entry: { testing: "src/testing/index.ts" },
    format: ["cjs"],
    outDir: "dist",
    target: "node20",
    platform: "node",
    noExternal: ["ky", "jose"],
    external,
  },
  {
    // Types for `require`.
    entry: entries,
    format: ["cjs"],
    outDir: "dist",
    dts: { only: true },
    external,
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
