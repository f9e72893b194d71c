import type { CliIo } from "../../src/cli/io.js";

/** A CliIo that records output, with the given environment, stdin and fetch. */
export function fakeIo(
  options: { env?: Record<string, string>; stdin?: string; fetch?: typeof globalThis.fetch } = {},
) {
  const out: string[] = [];
  const err: string[] = [];
  const fetchCalls: Request[] = [];
  const inner = options.fetch ?? globalThis.fetch;
  const io: CliIo = {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env: options.env ?? {},
    stdinIsTty: options.stdin === undefined,
    readStdin: async () => options.stdin ?? "",
    fetch: async (input, init) => {
      const request = new Request(input, init);
      fetchCalls.push(request.clone());
      return inner(request);
    },
    untilShutdown: () => Promise.resolve(),
  };
  return {
    io,
    fetchCalls,
    stdout: () => out.join(""),
    stderr: () => err.join(""),
  };
}
