/**
 * Every fenced code block of README.md and docs/*.md is checked, so the docs stay true:
 * - `ts`/`typescript`/`js`/`javascript` blocks are type-checked together (one TypeScript program,
 *   the repository's compiler options, `byokit/*` resolving to src/) and then run, one by one,
 *   in this process. A name a block uses without declaring is imported for it: an export of
 *   `byokit`, `byokit/local`, `byokit/resolver` or `byokit/testing`, or a given of
 *   ./givens.ts (`client`, `records`, …). While blocks run, `fetch` goes to the doc-test world
 *   of ./doc-world.ts (a fresh local backend per block for `https://api.edgee.app`, 401 from
 *   every provider): nothing reaches the network.
 * - `json` blocks must parse.
 * - `sh`/`bash`/`shell`/`console` blocks: each `byokit …` command line (also `npx byokit`,
 *   `node dist/cli.js`) runs through the CLI's `main()` against a fresh local backend
 *   (`BYOKIT_URL`, token and organization set; the API key ids the block names exist; a piped
 *   stdin carries a synthetic key) and must exit 0. `serve` runs on port 0 and stops at once.
 *   `serve --ui` from source has no built console: the usage error that says so proves the line
 *   parsed, and is accepted. Other commands (`npm ci`) are not run.
 * - Untagged and other blocks (`text`, a usage synopsis, sample output) are prose: not run.
 * A block that cannot run as is carries `<!-- doc-test: skip REASON -->` on the line above its
 * fence; the test lists it (and fails if the reason is empty).
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIo } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { createLocalBackend } from "../../src/local/create-local-backend.js";
import { byokitCommands } from "./command-lines.js";
import { DOC_ENV, docFetch, fakeProviderFetch, resetDocBackend } from "./doc-world.js";
import { freeNames } from "./free-names.js";
import * as givens from "./givens.js";
import { type CodeBlock, extractBlocks } from "./markdown-blocks.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const markdownFiles = [
  "README.md",
  ...readdirSync(resolve(root, "docs"))
    .filter((name) => name.endsWith(".md"))
    .sort()
    .map((name) => `docs/${name}`),
];
const blocks = markdownFiles.flatMap((file) => extractBlocks(file, undefined, resolve(root, file)));

const CODE = new Set(["ts", "typescript", "js", "javascript"]);
const SHELL = new Set(["sh", "bash", "shell", "console", "zsh"]);
const ENTRY_POINTS = ["byokit", "byokit/local", "byokit/resolver", "byokit/testing"] as const;

const codeBlocks = blocks.filter((b) => CODE.has(b.lang) && b.skip === undefined);
const jsonBlocks = blocks.filter((b) => b.lang === "json" && b.skip === undefined);
/** Shell blocks with a `byokit` command; the others (`npm ci && npm test`) are not ours to run. */
const shellBlocks = blocks.filter(
  (b) => SHELL.has(b.lang) && b.skip === undefined && byokitCommands(b.code).length > 0,
);
const skipped = blocks.filter((b) => b.skip !== undefined);

/** The block's file, written under .doc-blocks/ (git-ignored) so `byokit/*` resolve as in tests. */
let workDir = "";
const generated = new Map<CodeBlock, string>();
const diagnostics = new Map<CodeBlock, string[]>();

beforeAll(async () => {
  mkdirSync(resolve(root, ".doc-blocks"), { recursive: true });
  workDir = mkdtempSync(resolve(root, ".doc-blocks/run-"));
  const exporters = new Map<string, string>();
  for (const entry of ENTRY_POINTS) {
    for (const name of Object.keys(await import(/* @vite-ignore */ entry))) {
      if (!exporters.has(name)) exporters.set(name, entry);
    }
  }
  for (const block of codeBlocks) {
    const file = resolve(workDir, `${block.file.replace(/[^A-Za-z0-9]+/g, "-")}-L${block.line}.ts`);
    // One header line, so a block's line n is the generated file's line n + 1.
    writeFileSync(file, `${header(block, exporters, file)}\n${block.code}\n`);
    generated.set(block, file);
  }
  typeCheck();
}, 120_000);

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

/** The imports a block needs for the names it uses but does not declare, on one line. */
function header(block: CodeBlock, exporters: Map<string, string>, file: string): string {
  const fromEntry = new Map<string, string[]>();
  const fromGivens: string[] = [];
  for (const name of [...freeNames(block.code)].sort()) {
    if (Object.hasOwn(givens, name)) fromGivens.push(name);
    else {
      const entry = exporters.get(name);
      if (entry) fromEntry.set(entry, [...(fromEntry.get(entry) ?? []), name]);
    }
  }
  const givensPath = relative(
    resolve(file, ".."),
    fileURLToPath(new URL("./givens.js", import.meta.url)),
  );
  const imports = [...fromEntry].map(
    ([entry, names]) => `import { ${names.join(", ")} } from "${entry}";`,
  );
  if (fromGivens.length > 0)
    imports.push(`import { ${fromGivens.join(", ")} } from "${givensPath}";`);
  return `${imports.join(" ")} export {};`;
}

/** One TypeScript program for every block: errors are filed under the block, at its Markdown line. */
function typeCheck(): void {
  const configPath = resolve(root, "tsconfig.json");
  const config = ts.parseJsonConfigFileContent(
    ts.readConfigFile(configPath, ts.sys.readFile).config,
    ts.sys,
    root,
  );
  const byFile = new Map([...generated].map(([block, file]) => [file, block]));
  const program = ts.createProgram([...generated.values()], { ...config.options, noEmit: true });
  // Only the blocks' own files are checked: src/ is type-checked by `tsc --noEmit`, and asking
  // for the blocks' diagnostics alone checks only what they use (seconds instead of a minute).
  const all = [...generated.values()].flatMap((file) => {
    const source = program.getSourceFile(file);
    return source
      ? [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]
      : [];
  });
  for (const diagnostic of all) {
    const block = diagnostic.file && byFile.get(resolve(diagnostic.file.fileName));
    if (!block || !diagnostic.file || diagnostic.start === undefined) continue;
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n  ");
    // Generated line `line` (0-based) holds the block's line `line` (1-based, after the header).
    const where = line === 0 ? block.where : `${block.file}:${block.line + line}`;
    diagnostics.set(block, [
      ...(diagnostics.get(block) ?? []),
      `${where}: TS${diagnostic.code} ${message}`,
    ]);
  }
}

/** The Markdown line a runtime error's stack points at, when it points into the block's file. */
function lineOfError(block: CodeBlock, file: string, error: unknown): string {
  const stack = error instanceof Error ? (error.stack ?? "") : "";
  const name = file.split("/").at(-1) ?? file;
  const at = new RegExp(`${name.replace(/[.]/g, "\\.")}:(\\d+)`).exec(stack);
  return at ? `${block.file}:${block.line + Number(at[1]) - 1}` : block.where;
}

const checked = [...codeBlocks, ...jsonBlocks, ...shellBlocks, ...skipped];
const filesWithBlocks = markdownFiles.filter((file) => checked.some((b) => b.file === file));

describe.each(filesWithBlocks)("%s", (markdown) => {
  const of = (list: CodeBlock[]) => list.filter((b) => b.file === markdown);

  it.each(of(codeBlocks).map((b) => [`${b.lang} block at line ${b.line}`, b] as const))(
    "%s type-checks and runs",
    async (_, block) => {
      const errors = diagnostics.get(block);
      if (errors)
        throw new Error(
          `${block.where} (${block.lang} block) does not type-check:\n${errors.join("\n")}`,
        );
      const file = generated.get(block) as string;
      const realFetch = globalThis.fetch;
      const saved = Object.keys(DOC_ENV).map((name) => [name, process.env[name]] as const);
      resetDocBackend();
      Object.assign(process.env, DOC_ENV);
      globalThis.fetch = docFetch(realFetch);
      try {
        await import(/* @vite-ignore */ pathToFileURL(file).href);
      } catch (error) {
        const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        throw new Error(
          `${lineOfError(block, file, error)} (${block.lang} block at line ${block.line}) threw ${what}`,
        );
      } finally {
        globalThis.fetch = realFetch;
        for (const [name, value] of saved) {
          if (value === undefined) delete process.env[name];
          else process.env[name] = value;
        }
      }
    },
  );

  it.each(of(jsonBlocks).map((b) => [`json block at line ${b.line}`, b] as const))(
    "%s parses",
    (_, block) => {
      try {
        JSON.parse(block.code);
      } catch (error) {
        throw new Error(`${block.where} (json block) does not parse: ${(error as Error).message}`);
      }
    },
  );

  it.each(of(shellBlocks).map((b) => [`${b.lang} block at line ${b.line}`, b] as const))(
    "%s: every byokit command runs",
    async (_, block) => {
      for (const command of byokitCommands(block.code)) {
        const { code, stderr } = await runCli(block, command.args, command.piped);
        const where = `${block.file}:${block.line + 1 + command.index}`;
        const uiNotBuilt =
          command.args.includes("--ui") && /needs the built admin console/.test(stderr);
        if (code !== 0 && !uiNotBuilt) {
          throw new Error(`${where}: \`${command.text}\` exited ${code}: ${stderr.trim()}`);
        }
      }
    },
  );

  it.each(of(skipped).map((b) => [`${b.lang || "untagged"} block at line ${b.line}`, b] as const))(
    "%s is marked doc-test: skip with a reason",
    (_, block) => {
      expect(block.skip, `${block.where}: a doc-test skip marker needs a reason`).not.toBe(
        "no reason given",
      );
    },
  );
});

it("finds the blocks (the extraction itself works)", () => {
  expect(blocks.filter((b) => b.file === "README.md" && CODE.has(b.lang)).length).toBeGreaterThan(
    3,
  );
  expect(shellBlocks.length).toBeGreaterThan(0);
});

/** Runs one command line through the CLI against a fresh local backend. */
async function runCli(block: CodeBlock, args: string[], piped: boolean) {
  const ids = new Set(block.code.match(/\bkey_[A-Za-z0-9_]+/g) ?? []);
  const local = createLocalBackend({
    apiKeys: [...ids].map((id) => ({ id, name: id })),
    fetch: fakeProviderFetch,
  });
  const out: string[] = [];
  const err: string[] = [];
  // `serve` listens on a free port, not the documented 8787 another process may hold.
  const portAt = args.indexOf("--port");
  const argv =
    args[0] !== "serve"
      ? args
      : portAt === -1
        ? [...args, "--port", "0"]
        : args.map((a, i) => (i === portAt + 1 ? "0" : a));
  const io: CliIo = {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env: {
      BYOKIT_URL: "http://byokit.docs",
      EDGEE_CONSOLE_API_TOKEN: "doc-test-token",
      EDGEE_ORGANIZATION_ID: "org_docs",
      BYOKIT_MASTER_KEY: Buffer.alloc(32, 7).toString("base64"),
    },
    stdinIsTty: !piped,
    readStdin: async () => (piped ? "sk-doc-test-0123456789" : ""),
    fetch: (input, init) => local.fetch(input, init),
    untilShutdown: () => Promise.resolve(),
  };
  const code = await main(argv, io);
  return { code, stdout: out.join(""), stderr: err.join("") };
}
