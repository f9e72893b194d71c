/**
 * Finds the Chromium that the browser tests drive, in one order, for the vitest browser project
 * and the admin console's end-to-end test alike:
 *
 * 1. `BYOKIT_CHROMIUM`, an explicit path (a missing or non-executable one is an error, never
 *    silently skipped);
 * 2. a system Chromium or Chrome (PATH, then the usual install paths of Linux, macOS, Windows);
 * 3. Playwright's own browser cache, where a developer ran `npx playwright install chromium`;
 * 4. the Chromium shipped inside the `@sparticuz/chromium` devDependency (Linux x64 and arm64),
 *    unpacked once into `node_modules/.cache/byokit-chromium/<version>/`;
 * 5. otherwise an error that names what to install.
 *
 * Step 4 is why `npm ci && npm test` needs nothing installed by hand on a Linux machine: npm
 * here runs no install scripts and Playwright cannot download its browsers, but a registry
 * package that carries the binary in its tarball installs like any other.
 */
import {
  accessSync,
  constants,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { basename, delimiter, dirname, join } from "node:path";

/** Where the browser came from, for the log line and the discovery test. */
export type ChromiumSource = "BYOKIT_CHROMIUM" | "system" | "playwright-cache" | "npm";

export interface FoundChromium {
  readonly source: ChromiumSource;
  readonly executablePath: string;
  /** Extra environment for the browser process (the npm build's fonts). */
  readonly env?: Readonly<Record<string, string>>;
}

/** What discovery reads from the machine; tests replace each part. */
export interface ChromiumProbe {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
  readonly arch: string;
  readonly isExecutableFile: (path: string) => boolean;
  /** Playwright's expected path for its own Chromium build (present or not). */
  readonly playwrightExecutablePath: () => string | undefined;
  /** Unpacks the npm package's Chromium; undefined when the package is not installed. */
  readonly unpackNpmChromium: () => Promise<FoundChromium | undefined>;
}

/** The flags every launch needs: root in CI (no sandbox), no GPU, and no network of its own. */
const LAUNCH_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  // Without these Chromium dials Google's hosts at start, and this machine's closed network
  // refuses each attempt.
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const SYSTEM_COMMANDS = [
  "chromium",
  "chromium-browser",
  "google-chrome",
  "google-chrome-stable",
  "chrome",
];

/** The usual install paths, per platform, after PATH. */
function systemPaths(probe: ChromiumProbe): string[] {
  const { env } = probe;
  switch (probe.platform) {
    case "darwin":
      return [
        "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
        "/Applications/Chromium.app/Contents/MacOS/Chromium",
        ...(env.HOME
          ? [`${env.HOME}/Applications/Google Chrome.app/Contents/MacOS/Google Chrome`]
          : []),
      ];
    case "win32":
      return [env.PROGRAMFILES, env["PROGRAMFILES(X86)"], env.LOCALAPPDATA]
        .filter((root): root is string => Boolean(root))
        .map((root) => `${root}\\Google\\Chrome\\Application\\chrome.exe`);
    default:
      return [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
        "/usr/lib/chromium/chromium",
        "/snap/bin/chromium",
        "/opt/google/chrome/chrome",
      ];
  }
}

function onPath(probe: ChromiumProbe): string[] {
  const pathDirs = (probe.env.PATH ?? "").split(probe.platform === "win32" ? ";" : delimiter);
  const suffix = probe.platform === "win32" ? ".exe" : "";
  return pathDirs
    .filter(Boolean)
    .flatMap((dir) => SYSTEM_COMMANDS.map((name) => join(dir, name + suffix)));
}

/** Thrown when no browser can be found: the message says what to install. */
export class ChromiumNotFoundError extends Error {
  override name = "ChromiumNotFoundError";
}

/** Runs the discovery order above against `probe` (the real machine by default). */
export async function findChromium(probe: ChromiumProbe = machineProbe()): Promise<FoundChromium> {
  const explicit = probe.env.BYOKIT_CHROMIUM;
  if (explicit) {
    if (probe.isExecutableFile(explicit)) {
      return { source: "BYOKIT_CHROMIUM", executablePath: explicit };
    }
    throw new ChromiumNotFoundError(
      `BYOKIT_CHROMIUM is set to ${explicit}, which is not an executable file. ` +
        "Point it at a Chromium or Chrome binary, or unset it to let the tests find one.",
    );
  }
  const system = [...onPath(probe), ...systemPaths(probe)].find(probe.isExecutableFile);
  if (system) return { source: "system", executablePath: system };

  const playwrightPath = probe.playwrightExecutablePath();
  if (playwrightPath && probe.isExecutableFile(playwrightPath)) {
    return { source: "playwright-cache", executablePath: playwrightPath };
  }
  if (probe.platform === "linux" && (probe.arch === "x64" || probe.arch === "arm64")) {
    const npm = await probe.unpackNpmChromium();
    if (npm) return npm;
  }
  throw new ChromiumNotFoundError(
    `No Chromium found for the browser tests (${probe.platform}-${probe.arch}). Looked for ` +
      `BYOKIT_CHROMIUM, ${SYSTEM_COMMANDS.join("/")} on PATH and in the usual install paths, ` +
      "Playwright's browser cache, and the @sparticuz/chromium devDependency (Linux x64/arm64). " +
      "Install one: `npm ci` on Linux, `npx playwright install chromium` anywhere, or Google " +
      "Chrome; or set BYOKIT_CHROMIUM=/path/to/chrome.",
  );
}

/** Playwright's launch options for the Chromium `findChromium()` found. */
export function launchOptions(found: FoundChromium): {
  executablePath: string;
  args: string[];
  env?: Record<string, string>;
} {
  return {
    executablePath: found.executablePath,
    args: [...LAUNCH_ARGS],
    ...(found.env ? { env: { ...stringEnv(), ...found.env } } : {}),
  };
}

function stringEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] != null),
  );
}

/** A regular file this process may execute. */
export function isExecutableFile(path: string): boolean {
  try {
    // A regular file: a hidden browser can leave a device node or an empty folder behind.
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

const require = createRequire(import.meta.url);

function playwrightExecutablePath(): string | undefined {
  try {
    const { chromium } = require("playwright-core") as typeof import("playwright-core");
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}

/**
 * Unpacks `@sparticuz/chromium` into a folder of its own per version. The package unpacks into
 * `os.tmpdir()` and trusts whatever `chromium` file it finds there; pointing TMPDIR at a fresh
 * folder of ours, then renaming it into place, keeps a stale or half-written copy (another test
 * run unpacking at the same time, another version, another user's /tmp) from ever being used.
 */
async function unpackNpmChromium(): Promise<FoundChromium | undefined> {
  const packageDir = npmChromiumPackageDir();
  if (!packageDir) return undefined;
  const { version } = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as {
    version: string;
  };
  // node_modules/.cache/, beside the package: kept between runs, gone with `npm ci`.
  const root = join(packageDir, "..", "..", ".cache", "byokit-chromium");
  const folder = join(root, version);
  const found = (dir: string): FoundChromium => {
    writeFontConfig(dir);
    return {
      source: "npm",
      executablePath: join(dir, "chromium"),
      env: { FONTCONFIG_PATH: join(dir, "fonts") },
    };
  };
  if (isExecutableFile(join(folder, "chromium"))) return found(folder);

  const scratch = join(root, `.unpacking-${process.pid}-${Date.now()}`);
  mkdirSync(scratch, { recursive: true });
  const previousTmpdir = process.env.TMPDIR;
  process.env.TMPDIR = scratch;
  try {
    const { default: chromium } = await import("@sparticuz/chromium");
    await chromium.executablePath();
  } finally {
    if (previousTmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previousTmpdir;
  }
  try {
    renameSync(scratch, folder);
  } catch {
    // Another run finished first: its folder is complete, ours is not needed.
    rmSync(scratch, { recursive: true, force: true });
  }
  return found(folder);
}

/**
 * The package's fonts.conf looks for its fonts in /tmp/fonts (where it unpacks on AWS Lambda);
 * ours unpack into `dir`, so without this file every glyph is missing on a fresh machine and
 * text renders with zero width (the admin console test then finds its headings "hidden").
 * The system's fonts come along when there are any.
 */
export function fontConfigFor(dir: string): string {
  return [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
    "<fontconfig>",
    `  <dir>${join(dir, "fonts", "fonts")}</dir>`,
    `  <cachedir>${join(dir, "fonts-cache")}</cachedir>`,
    '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>',
    "</fontconfig>",
    "",
  ].join("\n");
}

function writeFontConfig(dir: string): void {
  const file = join(dir, "fonts", "fonts.conf");
  const wanted = fontConfigFor(dir);
  let current: string | undefined;
  try {
    current = readFileSync(file, "utf8");
  } catch {
    current = undefined;
  }
  if (current === wanted) return;
  // Written beside, then renamed: a browser starting in another test file never reads half of it.
  const scratch = `${file}.${process.pid}-${Date.now()}`;
  writeFileSync(scratch, wanted);
  renameSync(scratch, file);
}

/** The installed `@sparticuz/chromium` folder (its package.json is not exported), if any. */
function npmChromiumPackageDir(): string | undefined {
  let entry: string;
  try {
    entry = require.resolve("@sparticuz/chromium");
  } catch {
    return undefined;
  }
  for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
    if (basename(dir) === "chromium" && basename(dirname(dir)) === "@sparticuz") return dir;
  }
  return undefined;
}

function machineProbe(): ChromiumProbe {
  return {
    env: process.env,
    platform: process.platform,
    arch: process.arch,
    isExecutableFile,
    playwrightExecutablePath,
    unpackNpmChromium,
  };
}
