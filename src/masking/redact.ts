/** What a scrubbed fragment is replaced with. */
export const REDACTED = "[REDACTED]";

/** A fragment this long or longer, shared with a secret, counts as a leak. */
const MIN_LEAK = 6;

/**
 * Shapes of well-known credentials, scrubbed from any text that leaves the SDK even when we do
 * not know the secret itself (a provider echoing some other key, a server message).
 */
const KNOWN_SECRET_SHAPES: readonly RegExp[] = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
  /\b(?:sk|xai)-[A-Za-z0-9_*-]{6,}/g,
  /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{12,}/g,
  /\b[0-9a-f]{32}\.[A-Za-z0-9]{16}\b/g,
];

/**
 * Scrubs well-known credential shapes from `text`.
 *
 * @example
 * redactKnownSecrets("Incorrect API key provided: sk-proj-abcdef123"); // "Incorrect API key provided: [REDACTED]"
 */
export function redactKnownSecrets(text: string): string {
  let out = text;
  for (const shape of KNOWN_SECRET_SHAPES) out = out.replace(shape, REDACTED);
  return out;
}

/**
 * Removes from `text` every fragment of 6 or more characters that also occurs in one of
 * `secrets`, then every well-known credential shape. A fragment is found whatever its case,
 * and also spaced out (whitespace between its characters), percent-encoded, HTML-encoded
 * (`&#115;`, `&#x73;`, `&amp;`…) or inside base64 / base64url text (at any alignment): the
 * span of `text` that encodes it is removed. Linear in the length of `text` and `secrets`.
 * The one function every message that can carry a provider's words goes through.
 *
 * @example
 * redactSecrets("bad key sk-abc…9XyZ12 given", ["sk-live-secret9XyZ12"]); // "bad key sk-abc…[REDACTED] given"
 * redactSecrets("key c2stbGl2ZS1zZWNyZXQ5WHlaMTI=", ["sk-live-secret9XyZ12"]); // "key [REDACTED]"
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  // PEM armor aside, ASCII letters folded to lower case.
  const parts = secrets.flatMap((secret) => secret.split(PEM_ARMOR).map(foldCase));
  let out = text;
  if (parts.some((part) => part.length >= MIN_LEAK)) {
    const views = decodedViews(text);
    const texts = views.map((view) => view.text);
    // The shorter side goes in a set and the longer is looked up in it: a 1 MB secret checked
    // against a one-line message (a hostile `provider_key`) costs a scan of the secret, not a
    // set of its million windows (seconds). Either way the same spans are marked.
    const windows =
      parts.join("").length <= texts.join("").length
        ? windowsOf(parts)
        : windowsOf(parts, windowsOf(texts));
    // +1 where a covered span starts, -1 where it ends: summed, > 0 means covered.
    const marks = new Int32Array(text.length + 1);
    for (const view of views) {
      for (let at = 0; at + MIN_LEAK <= view.text.length; at++) {
        if (!windows.has(view.text.slice(at, at + MIN_LEAK))) continue;
        const from = view.start[at] as number;
        const to = view.end[at + MIN_LEAK - 1] as number;
        if (from < 0 || to < 0) continue;
        marks[from] = (marks[from] as number) + 1;
        marks[to] = (marks[to] as number) - 1;
      }
    }
    out = replaceMarked(text, marks);
  }
  return redactKnownSecrets(out);
}

/**
 * PEM armor (`-----BEGIN PRIVATE KEY-----`) is public text, not part of a key's secret: left
 * in, its windows would (case-folded) scrub the words "private key" from every message.
 */
const PEM_ARMOR = /-----(?:BEGIN|END) [A-Z0-9 ]{1,40}-----/g;

/** Every 6-character window of `texts` (only those `among` holds, when given). */
function windowsOf(texts: readonly string[], among?: Set<string>): Set<string> {
  const windows = new Set<string>();
  for (const text of texts) {
    for (let start = 0; start + MIN_LEAK <= text.length; start++) {
      const window = text.slice(start, start + MIN_LEAK);
      if (among?.has(window) ?? true) windows.add(window);
    }
  }
  return windows;
}

function replaceMarked(text: string, marks: Int32Array): string {
  let out = "";
  let depth = 0;
  let wasCovered = false;
  for (let i = 0; i < text.length; i++) {
    depth += marks[i] as number;
    const covered = depth > 0;
    if (!covered) out += text[i];
    else if (!wasCovered) out += REDACTED;
    wasCovered = covered;
  }
  return out;
}

/**
 * A reading of the text: `text[i]` came from the original's characters `start[i]` to
 * `end[i]` (exclusive). A separator between decoded runs has `start` -1, so no window spans it.
 */
interface View {
  readonly text: string;
  readonly start: Int32Array;
  readonly end: Int32Array;
}

class ViewBuilder {
  #text: string[] = [];
  #start: number[] = [];
  #end: number[] = [];

  /**
   * `char` is one decoded character: two UTF-16 units for a reference past U+FFFF (`&#x1F600;`),
   * each given the same span so that the view's indexes stay those of its text.
   */
  push(char: string, start: number, end: number): void {
    for (let unit = 0; unit < char.length; unit++) {
      this.#text.push(char[unit] as string);
      this.#start.push(start);
      this.#end.push(end);
    }
  }

  /** Ends a run: no window may span what comes before and after. */
  separate(): void {
    if (this.#text.length > 0 && this.#start[this.#start.length - 1] !== -1) {
      this.push("\u0000", -1, -1);
    }
  }

  build(): View {
    return {
      text: this.#text.join(""),
      start: Int32Array.from(this.#start),
      end: Int32Array.from(this.#end),
    };
  }
}

/** The text as is, without whitespace, percent-decoded, HTML-decoded and base64-decoded. */
function decodedViews(text: string): View[] {
  return [
    asIs(text),
    withoutWhitespace(text),
    percentDecoded(text),
    htmlDecoded(text),
    ...[0, 1, 2, 3].map((offset) => base64Decoded(text, offset)),
  ];
}

function asIs(text: string): View {
  const view = new ViewBuilder();
  for (let i = 0; i < text.length; i++) view.push(foldChar(text[i] as string), i, i + 1);
  return view.build();
}

const WHITESPACE = /\s/;

function withoutWhitespace(text: string): View {
  const view = new ViewBuilder();
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (!WHITESPACE.test(char)) view.push(foldChar(char), i, i + 1);
  }
  return view.build();
}

function percentDecoded(text: string): View {
  const view = new ViewBuilder();
  for (let i = 0; i < text.length; i++) {
    const hex = text[i] === "%" ? text.slice(i + 1, i + 3) : "";
    if (/^[0-9a-fA-F]{2}$/.test(hex)) {
      view.push(foldChar(String.fromCharCode(Number.parseInt(hex, 16))), i, i + 3);
      i += 2;
    } else {
      view.push(foldChar(text[i] as string), i, i + 1);
    }
  }
  return view.build();
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  sol: "/",
  equals: "=",
  plus: "+",
  lowbar: "_",
  hyphen: "-",
  dash: "-",
  period: ".",
  colon: ":",
};
/** `&#115;`, `&#x73;`, `&amp;`: at most 10 characters between `&` and `;`. */
const ENTITY = /^&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z]{2,8}));/;

function htmlDecoded(text: string): View {
  const view = new ViewBuilder();
  for (let i = 0; i < text.length; i++) {
    const entity = text[i] === "&" ? ENTITY.exec(text.slice(i, i + 12)) : null;
    const decoded = entity ? entityText(entity) : undefined;
    if (entity && decoded !== undefined) {
      view.push(foldCase(decoded), i, i + entity[0].length);
      i += entity[0].length - 1;
    } else {
      view.push(foldChar(text[i] as string), i, i + 1);
    }
  }
  return view.build();
}

function entityText([, decimal, hex, name]: RegExpExecArray): string | undefined {
  const code = decimal ? Number(decimal) : hex ? Number.parseInt(hex, 16) : undefined;
  if (code !== undefined) return code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
  return name === undefined ? undefined : NAMED_ENTITIES[name.toLowerCase()];
}

const BASE64_VALUES: ReadonlyMap<string, number> = new Map(
  [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"]
    .map((char, value): [string, number] => [char, value])
    .concat([
      ["+", 62],
      ["-", 62],
      ["/", 63],
      ["_", 63],
    ]),
);

/**
 * Runs of base64 or base64url characters decoded from `offset` characters into each run (a
 * secret encoded inside a longer base64 text starts at any of 4 alignments). Each decoded byte
 * maps back to the 4 characters of its quantum.
 */
function base64Decoded(text: string, offset: number): View {
  const view = new ViewBuilder();
  let runStart = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length && BASE64_VALUES.has(text[i] as string)) continue;
    decodeRun(text, runStart + offset, i, view);
    view.separate();
    runStart = i + 1;
  }
  return view.build();
}

function decodeRun(text: string, from: number, to: number, view: ViewBuilder): void {
  for (let quantum = from; quantum + 2 <= to; quantum += 4) {
    const end = Math.min(quantum + 4, to);
    // The run's last quantum owns the `=` padding after it.
    let owned = end;
    if (end === to) while (text[owned] === "=") owned++;
    let bits = 0;
    let count = 0;
    for (let i = quantum; i < end; i++) {
      bits = (bits << 6) | (BASE64_VALUES.get(text[i] as string) as number);
      count++;
    }
    // 4 characters hold 3 bytes; a cut-short final quantum of 2 or 3 holds 1 or 2.
    const bytes = count - 1;
    bits <<= 6 * (4 - count);
    for (let byte = 0; byte < bytes; byte++) {
      const value = (bits >> (16 - 8 * byte)) & 0xff;
      view.push(foldChar(String.fromCharCode(value)), quantum, owned);
    }
  }
}

/** ASCII letters to lower case, one character for one (unlike `toLowerCase` on all Unicode). */
function foldCase(text: string): string {
  return text.replace(/[A-Z]/g, foldChar);
}

/** {@link foldCase} of one character: the views fold each character they read. */
function foldChar(char: string): string {
  const code = char.charCodeAt(0);
  return code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : char;
}
