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
 * Async bodies timed in alternating samples, so all see the same load on a shared machine (a
 * ratio from one run is only as good as that); the median ns per call of each, by name.
 */
export async function compareAsync<Name extends string>(
  iterations: number,
  bodies: Readonly<Record<Name, (i: number) => Promise<unknown>>>,
  samples = 9,
): Promise<Record<Name, number>> {
  const run = async (body: (i: number) => Promise<unknown>) => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) sink = await body(i);
    return Number(process.hrtime.bigint() - start) / iterations;
  };
  const names = Object.keys(bodies) as Name[];
  for (const name of names) await run(bodies[name]);
  const times = new Map<Name, number[]>(names.map((name) => [name, []]));
  for (let s = 0; s < samples; s++) {
    for (const name of names) times.get(name)!.push(await run(bodies[name]));
  }
  const median = (values: number[]) => values.sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
  return Object.fromEntries(names.map((name) => [name, median(times.get(name)!)])) as Record<
    Name,
    number
  >;
}
