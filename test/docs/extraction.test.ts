import { describe, expect, it } from "vitest";
import { byokitCommands } from "./command-lines.js";
import { freeNames } from "./free-names.js";
import { extractBlocks } from "./markdown-blocks.js";

describe("extractBlocks", () => {
  const markdown = [
    "# Title", // 1
    "", // 2
    "```ts", // 3
    "const a = 1;", // 4
    "```", // 5
    "<!-- doc-test: skip needs a real AWS account -->", // 6
    "", // 7
    "~~~sh", // 8
    "```", // 9: not a closing fence (other character)
    "~~~", // 10
    "  ```json", // 11: indented fence, indentation removed from the body
    "  { }", // 12
    "  ```", // 13
    "```", // 14: unclosed, runs to the end
    "text",
  ].join("\n");
  const blocks = extractBlocks("x.md", markdown);

  it("finds each block with its language, 1-based fence line and body", () => {
    expect(blocks.map(({ lang, line, code }) => ({ lang, line, code }))).toEqual([
      { lang: "ts", line: 3, code: "const a = 1;" },
      { lang: "sh", line: 8, code: "```" },
      { lang: "json", line: 11, code: "{ }" },
      { lang: "", line: 14, code: "text" },
    ]);
    expect(blocks[0]?.where).toBe("x.md:3");
  });

  it("reads a skip marker on the line above the fence (blank lines between allowed)", () => {
    expect(blocks.map((b) => b.skip)).toEqual([
      undefined,
      "needs a real AWS account",
      undefined,
      undefined,
    ]);
    expect(extractBlocks("y.md", "<!-- doc-test: skip -->\n```ts\n```")[0]?.skip).toBe(
      "no reason given",
    );
  });
});

describe("byokitCommands", () => {
  it("finds byokit commands behind prompts, pipes and continuations, without redirections", () => {
    const code = [
      "npm ci && npx byokit keys list --json # list them",
      "$ byokit api-keys reveal key_abc --show-key > staging.key",
      "pbpaste | byokit test --provider openai",
      "node dist/cli.js serve --cors 'http://localhost:5173' \\",
      '  --api-key "key_staging=Staging Team"',
    ].join("\n");
    expect(byokitCommands(code).map(({ index, args, piped }) => ({ index, args, piped }))).toEqual([
      { index: 0, args: ["keys", "list", "--json"], piped: false },
      { index: 1, args: ["api-keys", "reveal", "key_abc", "--show-key"], piped: false },
      { index: 2, args: ["test", "--provider", "openai"], piped: true },
      {
        index: 3,
        args: ["serve", "--cors", "http://localhost:5173", "--api-key", "key_staging=Staging Team"],
        piped: false,
      },
    ]);
  });
});

describe("freeNames", () => {
  it("lists what a block uses without declaring it at its top level", () => {
    const code = [
      'import { createClient } from "byokit";',
      "const local = createLocalBackend({ apiKeys });",
      "const c = createClient({ token, fetch: local.fetch });",
      "for (const record of records) console.log(record.name);",
    ].join("\n");
    const free = freeNames(code);
    for (const name of ["createLocalBackend", "apiKeys", "token", "records", "console"]) {
      expect(free).toContain(name);
    }
    for (const name of ["createClient", "local", "c", "fetch", "name", "log"]) {
      expect(free).not.toContain(name);
    }
  });
});
