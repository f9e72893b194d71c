/** Proof that this project really runs in Chromium, not in Node with browser-like globals. */
import { describe, expect, it } from "vitest";
import { isNodeRuntime } from "../../src/validators/runtime.js";

describe("the browser project", () => {
  it("runs in Chromium, where Node's globals do not exist", () => {
    expect(navigator.userAgent).toContain("Chrome");
    expect(typeof process).toBe("undefined");
    expect(typeof (globalThis as { Buffer?: unknown }).Buffer).toBe("undefined");
    expect(document.location.protocol).toBe("http:");
  });

  it("is seen by byokit as a browser, with WebCrypto available", () => {
    expect(isNodeRuntime()).toBe(false);
    expect(typeof crypto.subtle.sign).toBe("function");
  });
});
