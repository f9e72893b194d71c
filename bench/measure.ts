/**
 * A small, honest timer: warm up, then take several samples of `iterations` calls and report
 * the median ns per call. Results feed a sink so the engine cannot drop the work.
 */
export let sink: unknown;

export function nsPerOp(iterations: number, body: (i: number) => unknown, samples = 7): number {
  for (let i = 0; i < Math.min(iterations, 50_000); i++) sink = body(i);
  const times: number[] = [];
  for (let s = 0; s < samples; s++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) sink = body(i);
    times.push(Number(process.hrtime.bigint() - start) / iterations);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export function msOnce(body: () => unknown): number {
  const start = process.hrtime.bigint();
  sink = body();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export const fmt = (n: number, digits = 1) => n.toFixed(digits);

/** {@link nsPerOp} for an async body: each call is awaited before the next starts. */
export async function nsPerOpAsync(
  iterations: number,
  body: (i: number) => Promise<unknown>,
  samples = 7,
): Promise<number> {
  for (let i = 0; i < Math.min(iterations, 20_000); i++) sink = await body(i);
  const times: number[] = [];
  for (let s = 0; s < samples; s++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) sink = await body(i);
    times.push(Number(process.hrtime.bigint() - start) / iterations);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/**
 * Two async bodies timed in alternating samples, so both see the same load on a shared
 * machine (a ratio from one run is only as good as that); medians of ns per call.
 */
export async function compareAsync(
  iterations: number,
  bodies: {
    readonly a: (i: number) => Promise<unknown>;
    readonly b: (i: number) => Promise<unknown>;
  },
  samples = 9,
): Promise<{ readonly a: number; readonly b: number }> {
  const run = async (body: (i: number) => Promise<unknown>) => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) sink = await body(i);
    return Number(process.hrtime.bigint() - start) / iterations;
  };
  await run(bodies.a);
  await run(bodies.b);
  const a: number[] = [];
  const b: number[] = [];
  for (let s = 0; s < samples; s++) {
    a.push(await run(bodies.a));
    b.push(await run(bodies.b));
  }
  const median = (values: number[]) => values.sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
  return { a: median(a), b: median(b) };
}
