/**
 * Everything a command touches outside itself, so commands run the same in the real process
 * and in tests.
 */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The whole of stdin, as text. */
  readonly readStdin: () => Promise<string>;
  /** True when stdin is a terminal: reading a secret from it would hang on a prompt-less read. */
  readonly stdinIsTty: boolean;
  readonly fetch: typeof globalThis.fetch;
  /** Settles when the process is asked to stop (SIGINT, SIGTERM): `serve` closes then. */
  readonly untilShutdown: () => Promise<void>;
}

/** Exit codes: 0 ok, 1 a failure (API error, invalid credentials, not resolved), 2 bad usage. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
