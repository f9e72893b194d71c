import { defineConfig } from "tsup";
import { buildAdminConsole } from "./scripts/build-ui.js";

/** Installed by users who want them; never bundled into dist/. */
const external = ["msw", "google-auth-library"];

export default defineConfig([
  {
    entry: {
      index: "src/index.ts",
      resolver: "src/resolver/index.ts",
      local: "src/local/index.ts",
      testing: "src/testing/index.ts",
    },
    format: ["esm", "cjs"],
    dts: true,
    clean: true,
    target: "es2022",
    platform: "neutral",
    splitting: true,
    treeshake: true,
    external,
  },
  {
    // The browser build of byokit/local: no file store, no node:http.
    entry: { "local.browser": "src/local/browser.ts" },
    format: ["esm"],
    target: "es2022",
    platform: "browser",
    treeshake: true,
    external,
  },
  {
    entry: { cli: "src/cli/index.ts" },
    format: ["esm"],
    target: "node20",
    platform: "node",
    banner: { js: "#!/usr/bin/env node" },
    external,
    // `byokit serve --ui` serves dist/ui/ beside dist/cli.js.
    onSuccess: () => buildAdminConsole("dist/ui"),
  },
]);
