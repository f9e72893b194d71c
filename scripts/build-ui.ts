/**
 * Builds the admin console of `byokit serve --ui` into a folder: `index.html`, `main.js` (the
 * page's code and the public `byokit` entry, bundled for browsers) and `styles.css`. Run by
 * `npm run build` (tsup's onSuccess) into `dist/ui/`, and by the end-to-end test into a temp
 * folder. `tsx scripts/build-ui.ts [outDir]` builds it alone.
 */
import { copyFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const source = fileURLToPath(new URL("../src/ui/", import.meta.url));

/** The files `buildAdminConsole` writes, relative to its folder. */
export const ADMIN_CONSOLE_FILES = ["index.html", "main.js", "styles.css"] as const;

export async function buildAdminConsole(outDir: string): Promise<void> {
  await mkdir(outDir, { recursive: true });
  await build({
    entryPoints: [join(source, "main.ts"), join(source, "styles.css")],
    outdir: outDir,
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    legalComments: "none",
    logLevel: "warning",
  });
  await copyFile(join(source, "index.html"), join(outDir, "index.html"));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildAdminConsole(process.argv[2] ?? "dist/ui");
}
