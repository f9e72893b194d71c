/**
 * `npm run size`: bundles what a browser app would import from the built package (dist/), with
 * esbuild (minify, tree-shake), and checks DESIGN.md's ceilings (min+gzip) and the identifiers
 * that must never reach a browser bundle. Exits 1 when a ceiling or a ban is broken.
 */
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { bannedIn } from "./browser-bans.js";

interface Scenario {
  readonly name: string;
  readonly code: string;
  /** Budget in bytes, min+gzip; absent: reported only. */
  readonly ceiling?: number;
}

const scenarios: Scenario[] = [
  {
    name: "byokit/resolver",
    code: `export { createResolver } from "byokit/resolver";`,
    ceiling: 2 * 1024,
  },
  {
    name: "client + resolver + masking",
    code: `export { createClient, createResolver, maskSecret } from "byokit";`,
    ceiling: 15 * 1024,
  },
  { name: "byokit (everything)", code: `export * from "byokit";` },
  { name: "byokit/testing", code: `export * from "byokit/testing";` },
  { name: "byokit/local (browser)", code: `export * from "byokit/local";` },
];

const entries: Record<string, string> = {
  byokit: "./dist/index.js",
  "byokit/resolver": "./dist/resolver.js",
  "byokit/testing": "./dist/testing.js",
  "byokit/local": "./dist/local.browser.js",
};

let failed = false;
for (const scenario of scenarios) {
  const result = await build({
    stdin: { contents: scenario.code, resolveDir: process.cwd(), loader: "js" },
    bundle: true,
    write: false,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    alias: entries,
    // A user of byokit/testing installs msw; it is a peer, not part of our weight.
    external: ["msw"],
    logLevel: "silent",
  });
  const code = result.outputFiles[0]!.text;
  const gzip = gzipSync(code, { level: 9 }).length;
  const banned = bannedIn(code);
  const over = scenario.ceiling !== undefined && gzip > scenario.ceiling;
  if (over || banned.length > 0) failed = true;
  const budget =
    scenario.ceiling === undefined
      ? ""
      : ` (ceiling ${(scenario.ceiling / 1024).toFixed(1)} KB${over ? " EXCEEDED" : ""})`;
  console.log(
    `${scenario.name.padEnd(28)} ${(code.length / 1024).toFixed(1).padStart(6)} KB min  ${(gzip / 1024).toFixed(2).padStart(6)} KB min+gzip${budget}${
      banned.length ? `  BANNED: ${banned.join(", ")}` : ""
    }`,
  );
}
process.exit(failed ? 1 : 0);
