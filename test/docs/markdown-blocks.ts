import { readFileSync } from "node:fs";

/** One fenced code block of a Markdown file. */
export interface CodeBlock {
  /** The Markdown file, relative to the repository root (`README.md`, `docs/client.md`). */
  readonly file: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** The info string's first word, lower-cased (`ts`, `sh`, `json`); `""` when untagged. */
  readonly lang: string;
  readonly code: string;
  /** The reason of a `<!-- doc-test: skip REASON -->` comment just above the fence, if any. */
  readonly skip?: string;
  /** `file:line`, the way failures name a block. */
  readonly where: string;
}

const FENCE = /^( {0,3})(`{3,}|~{3,})\s*([^`\s]*)[^`]*$/;
const SKIP = /^<!--\s*doc-test:\s*skip\b\s*(.*?)\s*-->\s*$/;

/**
 * Every fenced block of a Markdown file (CommonMark fences: three or more backticks or tildes,
 * closed by a fence of the same character at least as long). An unclosed fence runs to the end of
 * the file, as CommonMark reads it.
 */
export function extractBlocks(file: string, text?: string, path: string = file): CodeBlock[] {
  text ??= readFileSync(path, "utf8");
  const lines = text.split(/\r?\n/);
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i] ?? "");
    if (!open) continue;
    const [, indent = "", fence = "", info = ""] = open;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const line = lines[j] ?? "";
      const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
      if (close?.[1] && close[1][0] === fence[0] && close[1].length >= fence.length) break;
      body.push(stripIndent(line, indent.length));
    }
    const skip = skipReason(lines, i);
    blocks.push({
      file,
      line: i + 1,
      lang: info.toLowerCase(),
      code: body.join("\n"),
      ...(skip === undefined ? {} : { skip }),
      where: `${file}:${i + 1}`,
    });
    i = j;
  }
  return blocks;
}

/** The reason of a skip marker on the nearest non-blank line above the fence. */
function skipReason(lines: readonly string[], fenceIndex: number): string | undefined {
  let k = fenceIndex - 1;
  while (k >= 0 && (lines[k] ?? "").trim() === "") k--;
  const marker = SKIP.exec((lines[k] ?? "").trim());
  if (!marker) return undefined;
  return marker[1] || "no reason given";
}

function stripIndent(line: string, indent: number): string {
  let n = 0;
  while (n < indent && line[n] === " ") n++;
  return line.slice(n);
}
