import { writeFile } from "node:fs/promises";
import { defineConfig } from "tsup";
import { buildDeclarations } from "./scripts/build-declarations.js";
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
const external = ["msw", "google-auth-library", "pg"];

/** Types come from one `tsc` program beside the bundles (scripts/build-declarations.ts). */
async function writeDeclarations(): Promise<void> {
  const started = performance.now();
  const count = await buildDeclarations();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`types: ${count} declaration files, ESM (.d.ts) and CJS (.d.cts), in ${seconds} s`);
}

/** What every build below shares: no per-file log lines, no .d.ts bundling (see above). */
const quiet = { silent: true, dts: false } as const;

export default defineConfig([
  {
    ...quiet,
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
    ...quiet,
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
    // `byokit/testing` and `byokit/testing/msw` for `require`; `shims` gives the ES build's
    // `import.meta.url` (src/testing/require-msw.ts) a CommonJS value.
    ...quiet,
    entry: { testing: "src/testing/index.ts", "testing/msw": "src/testing/msw.ts" },
    format: ["cjs"],
    outDir: "dist",
    target: "node20",
    platform: "node",
    noExternal: ["ky", "jose"],
    external,
    shims: true,
    onSuccess: writeDeclarations,
  },
  {
    ...quiet,
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
