/**
 * What a ConnectionError keeps of the failure it wraps (`safeCause`): the original when it holds
 * nothing that was sent, else a copy scrubbed of it. A proxy's or a polyfill's `fetch` may quote
 * the request it failed to send, and `util.inspect` prints a cause chain in full.
 */
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { safeCause } from "../../src/client/safe-cause.js";
import { ConnectionError } from "../../src/errors/index.js";
import { TOKEN, testClient } from "./harness.js";

/** Synthetic, and of no known credential shape: only the `secrets` argument can catch it. */
const SECRET = "hunter2-FAKE-passphrase-91xq";
const SECRETS = [SECRET];

/** `first` and the causes under it, outermost first. */
function chainOf(first: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let at = first; at !== undefined && chain.length < 20; at = (at as Error).cause) {
    chain.push(at);
  }
  return chain;
}

/** `length` plain errors, each the cause of the one before. */
function cleanChain(length: number): Error {
  let error: Error | undefined;
  for (let index = length - 1; index >= 0; index--) {
    error = new Error(`level ${index}`, error === undefined ? undefined : { cause: error });
  }
  return error!;
}

describe("safeCause keeps a failure as it is", () => {
  it("when neither it nor its causes hold a secret", () => {
    const refused = new TypeError("fetch failed", { cause: new Error("connect ECONNREFUSED") });
    expect(safeCause(refused, SECRETS)).toBe(refused);
  });

  it("when it is a value that prints without a secret", () => {
    const errno = { code: "ECONNREFUSED", errno: -111 };
    expect(safeCause(errno, SECRETS)).toBe(errno);
    expect(safeCause(-111, SECRETS)).toBe(-111);
  });

  it("down to five levels of causes", () => {
    const chain = cleanChain(5);
    expect(safeCause(chain, SECRETS)).toBe(chain);
  });
});

describe("safeCause scrubs", () => {
  it("a text cause, keeping the rest of it", () => {
    expect(safeCause(`connect failed sending ${SECRET}`, SECRETS)).toBe(
      "connect failed sending [REDACTED]",
    );
  });

  it("an error quoting a secret: a copy of the same name, no stack beyond its message", () => {
    const quoting = new RangeError(`body too large: ${SECRET}`);
    const kept = safeCause(quoting, SECRETS) as Error;
    expect(kept).not.toBe(quoting);
    expect(kept).toBeInstanceOf(Error);
    expect(kept.name).toBe("RangeError");
    expect(kept.message).toBe("body too large: [REDACTED]");
    expect(kept.stack).toBe("RangeError: body too large: [REDACTED]");
  });

  it("an error whose stack alone quotes a secret", () => {
    const failure = new TypeError("fetch failed");
    failure.stack = `TypeError: fetch failed\n    at send (proxy.js:12) [${SECRET}]`;
    const kept = safeCause(failure, SECRETS) as Error;
    expect(kept).not.toBe(failure);
    expect(kept.message).toBe("fetch failed");
    expect(kept.stack).toBe("TypeError: fetch failed");
  });

  it("a clean error whose cause quotes a secret: both copied, the clean message kept", () => {
    const inner = new Error(`socket hang up sending ${SECRET}`);
    const outer = new TypeError("fetch failed", { cause: inner });
    const kept = safeCause(outer, SECRETS) as Error;
    expect(kept).not.toBe(outer);
    expect(kept.name).toBe("TypeError");
    expect(kept.message).toBe("fetch failed");
    const keptInner = kept.cause as Error;
    expect(keptInner).not.toBe(inner);
    expect(keptInner.message).toBe("socket hang up sending [REDACTED]");
    expect(keptInner.cause).toBeUndefined();
  });

  it("drops a value that prints a secret", () => {
    expect(safeCause({ request: { body: SECRET } }, SECRETS)).toBeUndefined();
  });

  it("drops a value that cannot be printed", () => {
    const circular: Record<string, unknown> = { code: "EPIPE" };
    circular.self = circular;
    expect(safeCause(circular, SECRETS)).toBeUndefined();
    expect(safeCause(10n, SECRETS)).toBeUndefined();
  });
});

describe("safeCause stops after five levels", () => {
  it("cuts a deeper chain of causes at its fifth level", () => {
    const chain = cleanChain(6);
    const kept = safeCause(chain, SECRETS);
    expect(kept).not.toBe(chain);
    expect(chainOf(kept).map((error) => (error as Error).message)).toEqual([
      "level 0",
      "level 1",
      "level 2",
      "level 3",
      "level 4",
    ]);
  });

  it("cuts a cause that is its own cause instead of looping", () => {
    const looping = new Error("loops");
    (looping as { cause?: unknown }).cause = looping;
    expect(chainOf(safeCause(looping, SECRETS))).toHaveLength(5);
  });
});

describe("a ConnectionError's cause, through the client", () => {
  it("is scrubbed of the console token a failing fetch quotes", async () => {
    const client = testClient({
      maxRetries: 0,
      fetch: async () => {
        throw new TypeError("fetch failed", { cause: `proxy refused Bearer ${TOKEN}` });
      },
    });
    const error = await client.providerKeys.get("pk_1").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectionError);
    const cause = (error as ConnectionError).cause as Error;
    expect(cause.message).toBe("fetch failed");
    expect(cause.cause).toBe("proxy refused Bearer [REDACTED]");
    expect(inspect(error, { depth: Number.POSITIVE_INFINITY })).not.toContain(TOKEN);
  });
});
