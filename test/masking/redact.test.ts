import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { REDACTED, redactKnownSecrets, redactSecrets } from "../../src/masking/redact.js";
import {
  fakeAccessKeyId,
  fakeAnthropicKey,
  fakeChars,
  fakeOpenAiKey,
  fakePrivateKey,
  fakeXaiKey,
  fakeZaiKey,
} from "../providers/fixtures.js";
import { leakedWindow } from "./leaks.js";

const SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/=".split(
  "",
);
const secretArbitrary = fc.string({
  unit: fc.constantFrom(...SECRET_ALPHABET),
  minLength: 6,
  maxLength: 200,
});

/** A secret and a piece of it of at least 6 characters, chosen by fast-check. */
const secretWithFragment = secretArbitrary.chain((secret) =>
  fc
    .integer({ min: 0, max: secret.length - 6 })
    .chain((start) =>
      fc
        .integer({ min: start + 6, max: secret.length })
        .map((end) => ({ secret, fragment: secret.slice(start, end) })),
    ),
);

describe("redactSecrets", () => {
  it("replaces a whole secret with one marker", () => {
    const secret = fakeOpenAiKey(700);
    expect(redactSecrets(`rejected key ${secret} (401)`, [secret])).toBe(
      `rejected key ${REDACTED} (401)`,
    );
  });

  it("scrubs the tail a provider echoes after its own mask, keeping the mask's 5 characters", () => {
    expect(redactSecrets("bad key sk-abc…9XyZ12 given", ["sk-live-secret9XyZ12"])).toBe(
      `bad key sk-abc…${REDACTED} given`,
    );
  });

  it("leaves pieces shorter than 6 characters, which every mask shows", () => {
    const secret = `${fakeChars(40, 701)}WXYZ1`;
    expect(redactSecrets("key ending WXYZ1 is invalid", [secret])).toBe(
      "key ending WXYZ1 is invalid",
    );
  });

  it("merges overlapping and adjacent pieces into one marker", () => {
    const secret = fakeChars(30, 702);
    const text = `a ${secret.slice(0, 10)}${secret.slice(5, 20)} b`;
    expect(redactSecrets(text, [secret])).toBe(`a ${REDACTED} b`);
  });

  it("scrubs every occurrence of every secret", () => {
    const first = fakeChars(24, 703);
    const second = fakeChars(24, 704);
    const text = `${first} / ${second.slice(3, 15)} / ${first.slice(-8)}`;
    expect(redactSecrets(text, [first, second])).toBe(`${REDACTED} / ${REDACTED} / ${REDACTED}`);
  });

  it("ignores secrets shorter than the leak window and an empty list", () => {
    expect(redactSecrets("ab12c is fine", ["ab12c"])).toBe("ab12c is fine");
    expect(redactSecrets("nothing secret here", [])).toBe("nothing secret here");
  });

  it("scrubs a PEM body line echoed alone", () => {
    const pem = fakePrivateKey(705);
    const line = pem.split("\n")[3]!;
    expect(redactSecrets(`Invalid JWT near "${line}"`, [pem])).toBe(
      `Invalid JWT near "${REDACTED}"`,
    );
  });

  it("leaves no 6-character window of a secret in text that embeds pieces of it (property)", () => {
    fc.assert(
      fc.property(
        secretWithFragment,
        fc.array(fc.tuple(fc.string({ maxLength: 40 }), fc.boolean()), { maxLength: 6 }),
        fc.string({ maxLength: 40 }),
        ({ secret, fragment }, pieces, end) => {
          const text =
            pieces.map(([noise, withFragment]) => noise + (withFragment ? fragment : "")).join("") +
            fragment +
            end;
          const out = redactSecrets(text, [secret]);
          expect(leakedWindow(out, secret)).toBeUndefined();
          expect(out).toContain(REDACTED);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("protects every secret of a list at once (property)", () => {
    fc.assert(
      fc.property(
        fc.array(secretWithFragment, { minLength: 1, maxLength: 4 }),
        fc.string({ maxLength: 30 }),
        (pairs, noise) => {
          const text = pairs.map(({ fragment }) => `${noise}${fragment}`).join(" ");
          const out = redactSecrets(
            text,
            pairs.map(({ secret }) => secret),
          );
          for (const { secret } of pairs) expect(leakedWindow(out, secret)).toBeUndefined();
        },
      ),
      { numRuns: 300 },
    );
  });

  it("changes nothing but known shapes in text that holds no piece of the secret (property)", () => {
    fc.assert(
      fc.property(secretArbitrary, fc.string({ maxLength: 200 }), (secret, text) => {
        fc.pre(leakedWindow(text, secret) === undefined);
        expect(redactSecrets(text, [secret])).toBe(redactKnownSecrets(text));
      }),
      { numRuns: 500 },
    );
  });
});

describe("redactKnownSecrets", () => {
  const anthropic = fakeAnthropicKey(710);
  const openai = fakeOpenAiKey(711);
  const xai = fakeXaiKey(712);
  const accessKeyId = fakeAccessKeyId(713);
  const zai = fakeZaiKey(714);

  it.each([
    ["an Anthropic key", `invalid x-api-key ${anthropic}`, `invalid x-api-key ${REDACTED}`],
    [
      "an OpenAI key",
      `Incorrect API key provided: ${openai}.`,
      `Incorrect API key provided: ${REDACTED}.`,
    ],
    [
      "OpenAI's own starred echo",
      "Incorrect API key provided: sk-proj-********************WXYZ. You can find…",
      `Incorrect API key provided: ${REDACTED}. You can find…`,
    ],
    ["an xAI key", `key ${xai} blocked`, `key ${REDACTED} blocked`],
    ["an AWS access key id", `The key ${accessKeyId} is invalid`, `The key ${REDACTED} is invalid`],
    ["a zAI key", `token ${zai} expired`, `token ${REDACTED} expired`],
    ["a PEM private key", `key:\n${fakePrivateKey(715)}done`, `key:\n${REDACTED}\ndone`],
    [
      "an unterminated PEM private key",
      `key: ${fakePrivateKey(716).slice(0, 120)}`,
      `key: ${REDACTED}`,
    ],
  ])("scrubs %s", (_, text, expected) => {
    expect(redactKnownSecrets(text)).toBe(expected);
  });

  it.each([
    "ask-for-help-now please",
    "the task-runner-123456 failed",
    "Authentication Fails, Your api key: ****abcd is invalid",
    "Incorrect API key provided: xa***…",
    "AKIA is a prefix, AKIA1234 is too short",
    "-----BEGIN PUBLIC KEY----- is public",
    "sk-short",
  ])("leaves %j alone", (text) => {
    expect(redactKnownSecrets(text)).toBe(text);
  });

  it("leaves text of words and numbers unchanged (property)", () => {
    const word = fc.string({
      unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789".split("")),
      minLength: 1,
      maxLength: 12,
    });
    fc.assert(
      fc.property(fc.array(word, { maxLength: 30 }), (words) => {
        const text = words.join(" ");
        expect(redactKnownSecrets(text)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});
