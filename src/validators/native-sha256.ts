/** What SigV4 hashes: text (UTF-8), bytes, or a view of bytes. */
export type HashInput = string | ArrayBuffer | ArrayBufferView;

/** A SHA-256 as `@smithy/signature-v4` takes it: an HMAC when built with a secret. */
export interface Sha256Hash {
  update(data: HashInput): void;
  digest(): Promise<Uint8Array>;
  reset(): void;
}

export type Sha256Constructor = new (secret?: HashInput) => Sha256Hash;

/** The two functions of Node's `crypto` module this file uses (imported only in Node). */
export interface NodeHashing {
  createHash(algorithm: "sha256"): NodeDigest;
  createHmac(algorithm: "sha256", key: Uint8Array): NodeDigest;
}

interface NodeDigest {
  update(data: string | ArrayBufferView): unknown;
  digest(): Uint8Array;
}

/**
 * A {@link Sha256Constructor} over Node's native SHA-256 and HMAC (given the `crypto` module,
 * which only Node code loads), the same answers as `@aws-crypto/sha256-js` several times
 * faster. Browsers keep the pure-JS one (sha256.ts).
 *
 * @example
 * const Sha256 = nativeSha256(await import("node:crypto"));
 * const hash = new Sha256(); hash.update("abc"); await hash.digest(); // ba7816bf…
 */
export function nativeSha256(crypto: NodeHashing): Sha256Constructor {
  return class NativeSha256 implements Sha256Hash {
    readonly #secret: Uint8Array | undefined;
    #digest: NodeDigest;

    constructor(secret?: HashInput) {
      this.#secret = secret === undefined ? undefined : bytesOf(secret);
      this.#digest = this.#fresh();
    }

    update(data: HashInput): void {
      this.#digest.update(typeof data === "string" ? data : bytesOf(data));
    }

    async digest(): Promise<Uint8Array> {
      return this.#digest.digest();
    }

    reset(): void {
      this.#digest = this.#fresh();
    }

    #fresh(): NodeDigest {
      return this.#secret === undefined
        ? crypto.createHash("sha256")
        : crypto.createHmac("sha256", this.#secret);
    }
  };
}

function bytesOf(data: HashInput): Uint8Array {
  if (typeof data === "string") return new TextEncoder().encode(data);
  if (ArrayBuffer.isView(data))
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}
