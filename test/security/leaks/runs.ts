import { vi } from "vitest";

/**
 * How many cases a property runs. `npm test` keeps the security suite quick; `npm run
 * test:stress` sets `BYOKIT_STRESS=1`, which multiplies every property's runs (and the size of
 * the biggest inputs) so a long run explores far more of the input space.
 */
export const STRESS = process.env.BYOKIT_STRESS === "1";

/** Runs of a property: `quick` in `npm test`, `quick × factor` under `BYOKIT_STRESS=1`. */
export function runs(quick: number, factor = 10): number {
  return STRESS ? quick * factor : quick;
}

/** Options for `fc.assert`: the run count, and a seed printed on failure by fast-check. */
export function assertOptions(quick: number, factor = 10) {
  return { numRuns: runs(quick, factor) } as const;
}

/**
 * Gives this file's tests room for their runs: a minute in `npm test`, ten under
 * `BYOKIT_STRESS=1` (the default 20 s would cut a stress run short on a busy machine).
 */
export function allowLongRuns(): void {
  vi.setConfig({ testTimeout: STRESS ? 600_000 : 60_000, hookTimeout: 120_000 });
}
