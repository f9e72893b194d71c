import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  ChromiumNotFoundError,
  type ChromiumProbe,
  type FoundChromium,
  findChromium,
  isExecutableFile,
  launchOptions,
} from "./chromium.js";

const NPM_CHROMIUM: FoundChromium = {
  source: "npm",
  executablePath: "/repo/node_modules/.cache/byokit-chromium/147.0.0/chromium",
  env: { FONTCONFIG_PATH: "/repo/node_modules/.cache/byokit-chromium/147.0.0/fonts" },
};

/** A machine with exactly the executables listed, and a record of what was asked. */
function machine(
  executables: string[],
  overrides: Partial<ChromiumProbe> = {},
): ChromiumProbe & { unpacked: number } {
  const probe = {
    env: { PATH: "/usr/local/bin:/usr/bin" },
    platform: "linux" as NodeJS.Platform,
    arch: "x64",
    isExecutableFile: (path: string) => executables.includes(path),
    playwrightExecutablePath: () => "/root/.cache/ms-playwright/chromium-1255/chrome-linux/chrome",
    unpacked: 0,
    async unpackNpmChromium() {
      probe.unpacked += 1;
      return NPM_CHROMIUM;
    },
    ...overrides,
  };
  return probe;
}

describe("findChromium: one discovery order for every browser test", () => {
  it("takes an explicit BYOKIT_CHROMIUM before a system browser", async () => {
    const probe = machine(["/opt/chrome/chrome", "/usr/bin/chromium"], {
      env: { BYOKIT_CHROMIUM: "/opt/chrome/chrome", PATH: "/usr/bin" },
    });
    await expect(findChromium(probe)).resolves.toEqual({
      source: "BYOKIT_CHROMIUM",
      executablePath: "/opt/chrome/chrome",
    });
  });

  it("refuses a BYOKIT_CHROMIUM that is not an executable file, naming it, instead of looking elsewhere", async () => {
    const probe = machine(["/usr/bin/chromium"], {
      env: { BYOKIT_CHROMIUM: "/nowhere/chrome", PATH: "/usr/bin" },
    });
    const error = await findChromium(probe).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ChromiumNotFoundError);
    expect((error as Error).message).toContain("BYOKIT_CHROMIUM is set to /nowhere/chrome");
    expect(probe.unpacked).toBe(0);
  });

  it("finds a system browser on PATH before the usual install paths", async () => {
    const probe = machine(["/usr/local/bin/google-chrome", "/usr/bin/chromium"]);
    await expect(findChromium(probe)).resolves.toEqual({
      source: "system",
      executablePath: "/usr/local/bin/google-chrome",
    });
  });

  it("finds a system browser in the usual install paths when PATH has none", async () => {
    const probe = machine(["/snap/bin/chromium"], { env: { PATH: "/bin" } });
    await expect(findChromium(probe)).resolves.toMatchObject({
      source: "system",
      executablePath: "/snap/bin/chromium",
    });
  });

  it("looks in macOS's and Windows's install folders on those platforms", async () => {
    const mac = "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome";
    await expect(
      findChromium(machine([mac], { platform: "darwin", arch: "arm64" })),
    ).resolves.toMatchObject({ source: "system", executablePath: mac });

    const windows = "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe";
    await expect(
      findChromium(
        machine([windows], { platform: "win32", env: { PROGRAMFILES: "C:\\Program Files" } }),
      ),
    ).resolves.toMatchObject({ source: "system", executablePath: windows });
  });

  it("prefers a system browser to Playwright's cache", async () => {
    const cached = "/root/.cache/ms-playwright/chromium-1255/chrome-linux/chrome";
    const probe = machine([cached, "/usr/bin/chromium"]);
    await expect(findChromium(probe)).resolves.toMatchObject({ source: "system" });
  });

  it("uses Playwright's cache when there is no system browser, before unpacking the npm one", async () => {
    const cached = "/root/.cache/ms-playwright/chromium-1255/chrome-linux/chrome";
    const probe = machine([cached]);
    await expect(findChromium(probe)).resolves.toEqual({
      source: "playwright-cache",
      executablePath: cached,
    });
    expect(probe.unpacked).toBe(0);
  });

  it("falls back to the Chromium of the npm package on Linux", async () => {
    const probe = machine([]);
    await expect(findChromium(probe)).resolves.toBe(NPM_CHROMIUM);
    expect(probe.unpacked).toBe(1);
  });

  it("ends in an error naming what to install when nothing is found", async () => {
    const probe = machine([], {
      platform: "darwin",
      arch: "arm64",
      playwrightExecutablePath: () => undefined,
    });
    const error = await findChromium(probe).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ChromiumNotFoundError);
    expect((error as Error).message).toMatch(/npx playwright install chromium/);
    expect((error as Error).message).toMatch(/BYOKIT_CHROMIUM=/);
    // The npm package carries only Linux builds: on macOS it is never tried.
    expect(probe.unpacked).toBe(0);
  });

  it("the npm package returning nothing (not installed) also ends in that error", async () => {
    const probe = machine([], { unpackNpmChromium: async () => undefined });
    await expect(findChromium(probe)).rejects.toBeInstanceOf(ChromiumNotFoundError);
  });
});

describe("isExecutableFile", () => {
  it("takes only a regular executable file: a device node or folder left where a browser was hidden is not one", () => {
    const dir = mkdtempSync(join(tmpdir(), "byokit-chromium-test-"));
    try {
      const script = join(dir, "chrome");
      writeFileSync(script, "#!/bin/sh\n");
      expect(isExecutableFile(script)).toBe(false);
      chmodSync(script, 0o755);
      expect(isExecutableFile(script)).toBe(true);
      expect(isExecutableFile(dir)).toBe(false);
      expect(isExecutableFile("/dev/null")).toBe(false);
      expect(isExecutableFile(join(dir, "missing"))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("launchOptions", () => {
  it("launches headless-safe: no sandbox (root in CI), no background networking", () => {
    const options = launchOptions({ source: "system", executablePath: "/usr/bin/chromium" });
    expect(options.executablePath).toBe("/usr/bin/chromium");
    expect(options.args).toEqual(
      expect.arrayContaining(["--no-sandbox", "--disable-background-networking"]),
    );
    // Only what the tests need: never the npm package's own flags that turn off web security.
    expect(options.args).not.toEqual(expect.arrayContaining(["--disable-web-security"]));
    expect(options.env).toBeUndefined();
  });

  it("hands the npm build its fonts through the environment", () => {
    const options = launchOptions(NPM_CHROMIUM);
    expect(options.env?.FONTCONFIG_PATH).toBe(NPM_CHROMIUM.env?.FONTCONFIG_PATH);
  });
});
