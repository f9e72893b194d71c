/**
 * `npm run check:package`: checks byokit as users receive it — the packed tarball, not src/.
 * Builds, packs, then: publint; arethetypeswrong (node16 and bundler resolution: byokit has no
 * node10 target); installs the tarball in a scratch project under the OS temp dir that has
 * no msw (an optional peer), as most users' projects: from there, `import()`s and `require()`s
 * every entry point but `byokit/testing/msw`, checks that asking for the msw handlers fails with
 * our error naming `npm i -D msw`, runs the `byokit` bin, and bundles each entry for the browser
 * (export condition `browser`) to check that no Node built-in or Google auth code comes along.
 * A second scratch project has msw (linked from this one) and runs the handlers of both entries.
 * Offline-friendly: dependencies come from npm's cache when they can. Exits 1 on any failure.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { build } from "esbuild";
import { bannedIn } from "./browser-bans.js";

/** Every public entry point and exports it must have, whichever way it is loaded. */
const ENTRY_POINTS: Record<string, readonly string[]> = {
  byokit: [
    "createClient",
    "createResolver",
    "testCredentials",
    "authorizeRequest",
    "authorizationHeaders",
    "maskSecret",
    "providers",
    "ValidationError",
    "ApiError",
  ],
  "byokit/resolver": ["createResolver"],
  "byokit/local": ["createLocalBackend", "memoryStore", "fileStore", "serve", "postgresStore"],
  "byokit/testing": ["createFixtures", "createApiHandlers", "MissingPeerDependencyError"],
};

/** Needs msw: loaded only in the scratch project that has it. */
const MSW_ENTRY_POINT = "byokit/testing/msw";

const root = process.cwd();
const bin = (name: string) => join(root, "node_modules", ".bin", name);
const failures: string[] = [];

/** Runs one named check; a thrown error or a failed command marks it failed. */
async function check(name: string, work: () => void | Promise<void>): Promise<void> {
  try {
    await work();
    console.log(`ok    ${name}`);
  } catch (error) {
    failures.push(name);
    const detail = error as { stdout?: unknown; stderr?: unknown; message?: string };
    const output = [detail.stdout, detail.stderr].filter(Boolean).join("\n").trim();
    console.log(`FAIL  ${name}\n${output || detail.message}`);
  }
}

function run(command: string, args: readonly string[], cwd = root): string {
  return execFileSync(command, args, { cwd, encoding: "utf8", stdio: "pipe" });
}

/**
 * A program that loads every entry point the given way, checks its exports, and makes one
 * real call through the main ones, so a broken chunk or dependency fails here.
 */
function smokeProgram(kind: "import" | "require"): string {
  const load =
    kind === "import"
      ? (entry: string) => `await import("${entry}")`
      : (entry: string) => `require("${entry}")`;
  const lines = Object.entries(ENTRY_POINTS).map(
    ([entry, names]) => `{
  const module = ${load(entry)};
  const missing = ${JSON.stringify(names)}.filter((name) => module[name] === undefined);
  if (missing.length > 0) throw new TypeError("${entry} (${kind}) lacks " + missing.join(", "));
  loaded["${entry}"] = module;
}`,
  );
  const body = `const loaded = {};
${lines.join("\n")}
const { createResolver, maskSecret } = loaded["byokit"];
if (createResolver([]).resolve({ provider: "openai" }).status !== "unassigned") throw new TypeError("resolver");
if (loaded["byokit/resolver"].createResolver([]).resolve({ provider: "openai" }).status !== "unassigned") throw new TypeError("byokit/resolver");
if (maskSecret("sk-proj-AbCdEfGh1234567890WXYZ") !== "sk-proj-...WXYZ") throw new TypeError("maskSecret");
const local = loaded["byokit/local"].createLocalBackend();
const listed = await local.fetch("http://byokit.local/v1/organizations/org_1/provider-keys", {
  headers: { authorization: "Bearer smoke-test" },
});
if (listed.status !== 200) throw new TypeError("local backend answered " + listed.status);
if (typeof loaded["byokit/testing"].createFixtures().providerKey !== "function") throw new TypeError("fixtures");
// No msw here: asking for its handlers must fail with our error, whichever way it is asked.
const { createApiHandlers, MissingPeerDependencyError } = loaded["byokit/testing"];
let refused;
try { createApiHandlers(); } catch (error) { refused = error; }
if (!(refused instanceof MissingPeerDependencyError) || !refused.message.includes("npm i -D msw"))
  throw new TypeError("createApiHandlers without msw: " + refused);
let missing;
try { ${load(MSW_ENTRY_POINT)}; } catch (error) { missing = error; }
if (!/^(ERR_)?MODULE_NOT_FOUND$/.test(missing?.code ?? "") || !String(missing.message).includes("msw"))
  throw new TypeError("${MSW_ENTRY_POINT} without msw: " + missing);
// No pg here either: the PostgreSQL store loads it on first use and says what to install.
const pgRefused = await loaded["byokit/local"]
  .postgresStore({ connectionString: "postgresql://smoke@127.0.0.1:1/none", masterKey: "${"A".repeat(43)}=" })
  .load()
  .then(() => undefined, (error) => error);
if (pgRefused?.name !== "MissingPeerDependencyError" || !pgRefused.message.includes("npm i pg"))
  throw new TypeError("postgresStore without pg: " + pgRefused);
console.log("${kind}: every entry point loaded");`;
  return asProgram(kind, body);
}

/** `body` as an ES module, or as CommonJS wrapped in an async function (it awaits). */
function asProgram(kind: "import" | "require", body: string): string {
  return kind === "import"
    ? body
    : `(async () => {\n${body}\n})().catch((error) => { console.error(error); process.exit(1); });`;
}

/**
 * For the project that has msw: the handlers of `byokit/testing/msw` and of `byokit/testing`
 * answer a Console API request through msw's own `getResponse`.
 */
function mswProgram(kind: "import" | "require"): string {
  // `specifier` is code: a string literal or a variable.
  const load = (specifier: string) =>
    kind === "import" ? `await import(${specifier})` : `require(${specifier})`;
  const body = `const { getResponse } = ${load('"msw"')};
for (const entry of ["${MSW_ENTRY_POINT}", "byokit/testing"]) {
  const { createApiHandlers } = ${load("entry")};
  const handlers = createApiHandlers({ apiKeys: [{ id: "key_1", name: "smoke" }] });
  const request = new Request("https://api.edgee.app/v1/organizations/o/api_keys", {
    headers: { authorization: "Bearer smoke-test" },
  });
  const response = await getResponse(handlers, request);
  const listed = await response?.json();
  // Edgee's API key list is a raw array.
  if (response?.status !== 200 || listed[0]?.id !== "key_1")
    throw new TypeError(entry + " (${kind}) answered " + response?.status);
}
console.log("${kind}: msw handlers answered");`;
  return asProgram(kind, body);
}

/** Installs the packed tarball into a new project folder (`npm` offline first). */
function installTarball(project: string, tarball: string): void {
  rmSync(project, { recursive: true, force: true });
  mkdirSync(project, { recursive: true });
  writeFileSync(join(project, "package.json"), '{ "name": "byokit-smoke", "private": true }\n');
  const install = (mode: string) =>
    run("npm", ["install", "--no-audit", "--no-fund", "--no-save", mode, tarball], project);
  try {
    install("--offline");
  } catch {
    // A dependency missing from npm's cache: let npm fetch just that one.
    install("--prefer-offline");
  }
}

/**
 * Bundles `entry` from the installed package as a browser app would (or, for the control, on
 * esbuild's neutral platform, which has no `browser` condition); returns code and inputs.
 */
async function bundleForBrowser(
  project: string,
  entry: string,
  platform: "browser" | "neutral" = "browser",
) {
  const result = await build({
    stdin: { contents: `export * from "${entry}";`, resolveDir: project, loader: "js" },
    absWorkingDir: project,
    bundle: true,
    write: false,
    metafile: true,
    format: "esm",
    platform,
    ...(platform === "neutral" ? { conditions: ["import"], mainFields: ["module", "main"] } : {}),
    external: ["msw"],
    logLevel: "silent",
  });
  return { code: result.outputFiles[0]!.text, inputs: Object.keys(result.metafile.inputs) };
}

const scratch = mkdtempSync(join(tmpdir(), "byokit-package-"));
try {
  await check("build (npm run build)", () => {
    run("npm", ["run", "build", "--silent"]);
  });
  let tarball = "";
  await check("npm pack", () => {
    const [packed] = JSON.parse(run("npm", ["pack", "--json", "--pack-destination", scratch])) as {
      filename: string;
    }[];
    tarball = join(scratch, packed!.filename);
  });
  await check("publint --strict (packed tarball)", () => {
    run(bin("publint"), ["run", tarball, "--strict"]);
  });
  await check("arethetypeswrong --profile node16 (packed tarball)", () => {
    run(bin("attw"), [tarball, "--profile", "node16", "--format", "table-flipped"]);
  });

  const project = join(scratch, "project");
  await check("npm install of the tarball in a scratch project without msw", () => {
    installTarball(project, tarball);
    const found = execFileSync(
      process.execPath,
      ["-e", 'try { console.log(require.resolve("msw")) } catch { console.log("none") }'],
      { cwd: join(project, "node_modules", "byokit"), encoding: "utf8" },
    ).trim();
    if (found !== "none") throw new TypeError(`msw resolves from the package: ${found}`);
  });
  await check("import() of every entry point (no msw: handlers refused clearly)", () => {
    writeFileSync(join(project, "smoke.mjs"), smokeProgram("import"));
    run(process.execPath, ["smoke.mjs"], project);
  });
  await check("require() of every entry point (no msw: handlers refused clearly)", () => {
    writeFileSync(join(project, "smoke.cjs"), smokeProgram("require"));
    run(process.execPath, ["smoke.cjs"], project);
  });
  await check("bin: byokit keygen prints a base64 key", () => {
    const key = run(join(project, "node_modules", ".bin", "byokit"), ["keygen"], project).trim();
    if (!/^[A-Za-z0-9+/]{43}=$/.test(key))
      throw new TypeError(`unexpected output: ${key.length} characters`);
  });
  const withMsw = join(scratch, "project-with-msw");
  await check("msw handlers in a scratch project with msw (import and require)", () => {
    installTarball(withMsw, tarball);
    // msw is an optional peer: link the copy this project tests against.
    symlinkSync(
      realpathSync(resolve(root, "node_modules", "msw")),
      join(withMsw, "node_modules", "msw"),
    );
    writeFileSync(join(withMsw, "msw.mjs"), mswProgram("import"));
    writeFileSync(join(withMsw, "msw.cjs"), mswProgram("require"));
    run(process.execPath, ["msw.mjs"], withMsw);
    run(process.execPath, ["msw.cjs"], withMsw);
  });
  for (const entry of [...Object.keys(ENTRY_POINTS), MSW_ENTRY_POINT]) {
    await check(
      `browser bundle of ${entry}: no Node built-in, no Google auth library`,
      async () => {
        const { code, inputs } = await bundleForBrowser(project, entry);
        const banned = bannedIn(code);
        if (banned.length > 0) throw new TypeError(`contains ${banned.join(", ")}`);
        if (
          entry === "byokit/local" &&
          !inputs.includes("node_modules/byokit/dist/local/browser.js")
        ) {
          throw new TypeError(
            `the browser condition did not select dist/local/browser.js: ${inputs.join(", ")}`,
          );
        }
      },
    );
  }
  await check("control: without the browser condition, byokit/local needs Node", async () => {
    // The Node build imports crypto, fs and http: esbuild must refuse it for the browser.
    const refusal = await bundleForBrowser(project, "byokit/local", "neutral").then(
      ({ code }) => bannedIn(code).join(", "),
      (error: { errors?: { text: string }[] }) =>
        (error.errors ?? []).some(({ text }) =>
          /^Could not resolve "(node:)?(crypto|fs|http|path)/.test(text),
        )
          ? "Node built-ins"
          : "",
    );
    if (refusal === "") throw new TypeError("the Node build bundled for a browser unnoticed");
  });
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

if (failures.length > 0) {
  console.log(`\n${failures.length} package check(s) failed: ${failures.join("; ")}`);
  process.exit(1);
}
