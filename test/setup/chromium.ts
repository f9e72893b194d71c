/**
 * How tests launch Debian's Chromium: headless, as root, with no network. Playwright never
 * downloads a browser here, and the background-networking flags stop Chromium from dialling
 * Google all run long. Shared by the vitest browser project and the admin-console e2e test.
 */
export const CHROMIUM_LAUNCH_OPTIONS = {
  executablePath: "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};
