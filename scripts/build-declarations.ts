/**
 * The declarations of `npm run build` (tsup bundles code only, `dts: false`: its .d.ts bundler
 * took most of the build, twice). One `tsc` program (tsconfig.build.json: declarations only,
 * no type check, which `npm run typecheck` does) writes `dist/types/**\/*.d.ts` mirroring src/.
 * Each file is copied beside itself as `.d.cts`, relative `.js` specifiers made `.cjs`: the
 * CommonJS flavour that `require` users resolve, so CJS types never point into ESM ones. Small
 * stubs then give package.json's entry paths. Run by tsup.config.ts.
 */
import { execFile } from "node:child_process";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { promisify } from "node:util";

const TYPES_DIR = "dist/types";

/** package.json's declaration paths (beyond those tsc writes itself) and what they re-export. */
const ENTRY_STUBS: Record<string, string> = {
  "dist/types/resolver.d.ts": "./resolver/index.js",
  "dist/types/local.d.ts": "./local/index.js",
  "dist/types/testing.d.ts": "./testing/index.js",
  "dist/index.d.cts": "./types/index.cjs",
  "dist/resolver.d.cts": "./types/resolver/index.cjs",
  "dist/local.d.cts": "./types/local/index.cjs",
  "dist/testing.d.cts": "./types/testing/index.cjs",
};

/** `from "./x.js"` and `import("../y.js")` → `.cjs`; package specifiers stay as they are. */
const RELATIVE_JS = /((?:from|import)\s*\(?\s*["'])(\.{1,2}\/[^"']*?)\.js(["'])/g;

/** `import { type A, type B } from "ky"`: a `require` of ky (ESM only) to TypeScript in CJS. */
const TYPES_ONLY_IMPORT = /^import \{((?:\s*type [^,}]+,?)+)\} from/gm;

/** Packages with no CommonJS build: CJS declarations must import their types as ESM. */
const ESM_ONLY_IMPORT = /^(import type .* from "(?:ky|jose)");$/gm;

/** The CommonJS flavour of one ESM declaration file. */
function toCommonJs(declarations: string): string {
  return declarations
    .replace(RELATIVE_JS, "$1$2.cjs$3")
    .replace(
      TYPES_ONLY_IMPORT,
      (_, names: string) => `import type {${names.replace(/(^|,)(\s*)type /g, "$1$2")}} from`,
    )
    .replace(ESM_ONLY_IMPORT, '$1 with { "resolution-mode": "import" };');
}

export async function buildDeclarations(): Promise<number> {
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  await promisify(execFile)(process.execPath, [tsc, "-p", "tsconfig.build.json"]).catch(
    (error: { stdout?: string; stderr?: string }) => {
      throw new Error(`tsc -p tsconfig.build.json failed:\n${error.stdout}${error.stderr}`);
    },
  );
  const files = (await readdir(TYPES_DIR, { recursive: true })).filter((file) =>
    file.endsWith(".d.ts"),
  );
  await Promise.all(
    files.map(async (file) => {
      const path = join(TYPES_DIR, file);
      const commonJs = toCommonJs(await readFile(path, "utf8"));
      await writeFile(path.replace(/\.d\.ts$/, ".d.cts"), commonJs);
    }),
  );
  await Promise.all(
    Object.entries(ENTRY_STUBS).map(([path, target]) =>
      writeFile(path, `export * from "${target}";\n`),
    ),
  );
  return files.length;
}
