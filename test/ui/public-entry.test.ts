import { readdir, readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";

const UI = new URL("../../src/ui/", import.meta.url);

describe("the admin console's sources", () => {
  it("import byokit only through its public entry, and nothing from Node", async () => {
    const files = (await readdir(UI)).filter((name) => name.endsWith(".ts"));
    expect(files).toContain("main.ts");
    const outside = new Set<string>();
    for (const file of files) {
      const source = await readFile(new URL(file, UI), "utf8");
      for (const [, specifier] of source.matchAll(/\bfrom\s+"([^"]+)"/g)) {
        if (specifier === "../index.js" || /^\.\/[a-z-]+\.js$/.test(specifier!)) continue;
        outside.add(`${file}: ${specifier}`);
      }
    }
    expect([...outside]).toEqual([]);
  });
});
