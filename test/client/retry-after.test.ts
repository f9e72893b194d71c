import { describe, expect, it } from "vitest";
import { parseRetryAfter } from "../../src/client/retry-after.js";

const NOW = Date.UTC(2015, 9, 21, 7, 27, 30);

describe("parseRetryAfter", () => {
  it.each([
    ["3", 3000],
    [" 3 ", 3000],
    ["0", 0],
    ["1.5", 1500],
    ["0.0004", 0],
  ])("reads delay-seconds %j as %i ms", (value, ms) => {
    expect(parseRetryAfter(value, NOW)).toBe(ms);
  });

  it("reads an HTTP date as the milliseconds from now until then", () => {
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", NOW)).toBe(30_000);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:27:30 GMT", NOW)).toBe(0);
  });

  it("reads a date already past as no wait, never a negative one", () => {
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:27:00 GMT", NOW)).toBe(0);
  });

  it("measures from the current time when no `now` is given", () => {
    const inAMinute = new Date(Date.now() + 60_000).toUTCString();
    const wait = parseRetryAfter(inAMinute)!;
    expect(wait).toBeGreaterThan(58_000);
    expect(wait).toBeLessThanOrEqual(60_000);
  });

  it.each([null, "", "soon", "-5", "5s", "1.", ".5", "2015-10-21"])(
    "reads %j as unreadable",
    (value) => {
      expect(parseRetryAfter(value, NOW)).toBeUndefined();
    },
  );
});
