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
