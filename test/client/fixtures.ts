/** Synthetic credentials: obviously fake, different on every run. */

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

function randomFrom(alphabet: string, length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  return Array.from(bytes, (byte) => alphabet[byte % alphabet.length]).join("");
}

/** `sk-test-FAKE…`, long enough to show its last 4 characters in a preview. */
export function fakeOpenAiKey(): string {
  return `sk-test-FAKE${randomFrom(ALNUM, 28)}`;
}

/** One region's synthetic IAM credentials. */
export function fakeAwsRegion(): { access_key_id: string; secret_access_key: string } {
  return {
    access_key_id: `AKIA${randomFrom(ALNUM, 16)}`,
    secret_access_key: `fakeSecret${randomFrom(ALNUM, 30)}`,
  };
}
