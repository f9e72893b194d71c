/**
 * The docs stand alone: every link from README.md and docs/*.md reaches a file of this
 * repository (and a heading of it, for `#anchor` links). README.md ships in the npm tarball,
 * which holds only dist/ and README.md, so its links to other files are absolute URLs of the
 * repository on GitHub (package.json's `repository`), never relative paths.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const REPOSITORY_FILES = "https://github.com/byokit/byokit/blob/main/";
const markdownFiles = [
  "README.md",
  ...readdirSync(join(root, "docs"))
    .filter((name) => name.endsWith(".md"))
    .sort()
    .map((name) => `docs/${name}`),
];

interface Link {
  readonly where: string;
  readonly target: string;
}

/** Inline links `[text](target)` and reference definitions `[name]: target`, outside code. */
function linksOf(file: string): Link[] {
  const links: Link[] = [];
  let fence: string | undefined;
  readFileSync(join(root, file), "utf8")
    .split("\n")
    .forEach((line, index) => {
      const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
      if (marker && (fence === undefined || marker.startsWith(fence))) {
        fence = fence === undefined ? marker : undefined;
        return;
      }
      if (fence !== undefined) return;
      const prose = line.replace(/`[^`]*`/g, "");
      for (const m of prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
        links.push({ where: `${file}:${index + 1}`, target: m[1] as string });
      }
      const definition = /^ {0,3}\[[^\]]+\]:\s*(\S+)/.exec(prose);
      if (definition)
        links.push({ where: `${file}:${index + 1}`, target: definition[1] as string });
    });
  return links;
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to `-`, repeats numbered. */
function anchorsOf(path: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let inFence = false;
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (/^ {0,3}(`{3,}|~{3,})/.test(line)) inFence = !inFence;
    const heading = !inFence && /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const slug = (heading[1] as string)
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/** The repository file a link names, or undefined for a link outside the repository. */
function repositoryPath(file: string, target: string): string | undefined {
  if (target.startsWith(REPOSITORY_FILES)) return target.slice(REPOSITORY_FILES.length);
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return undefined; // https:, mailto:
  if (target.startsWith("#")) return `${file}${target}`;
  return normalize(join(dirname(file), target));
}

describe.each(markdownFiles)("%s", (file) => {
  it("links only to files (and headings) that exist in the repository", () => {
    const broken: string[] = [];
    for (const { where, target } of linksOf(file)) {
      const path = repositoryPath(file, target);
      if (path === undefined) continue;
      const [name = "", anchor] = path.split("#");
      if (!existsSync(join(root, name))) broken.push(`${where}: ${target} (no ${name} here)`);
      else if (anchor && name.endsWith(".md") && !anchorsOf(join(root, name)).has(anchor)) {
        broken.push(`${where}: ${target} (no heading #${anchor} in ${name})`);
      }
    }
    expect(broken, broken.join("\n")).toEqual([]);
  });

  it("does not refer to DESIGN.md, which is not in the repository", () => {
    const lines = readFileSync(join(root, file), "utf8").split("\n");
    const mentions = lines.flatMap((line, i) =>
      /DESIGN\.md/.test(line) ? [`${file}:${i + 1}`] : [],
    );
    expect(mentions, mentions.join("\n")).toEqual([]);
  });
});

it("README.md links to other files by absolute URL: npm's tarball has no docs/ or examples/", () => {
  const relative = linksOf("README.md").filter(
    ({ target }) => !target.startsWith("#") && !/^[a-z][a-z0-9+.-]*:/i.test(target),
  );
  expect(
    relative.map(({ where, target }) => `${where}: ${target} → use ${REPOSITORY_FILES}${target}`),
  ).toEqual([]);
});

it("package.json's repository is where README.md's absolute links point", () => {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  expect(pkg.repository).toEqual({ type: "git", url: "git+https://github.com/byokit/byokit.git" });
  expect(REPOSITORY_FILES.startsWith(pkg.homepage.replace(/#readme$/, ""))).toBe(true);
});
