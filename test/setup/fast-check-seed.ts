/**
 * In CI (`CI=true`), property tests replay one fixed sequence of cases, so a submission's
 * verdict does not depend on the dice; everywhere else, and in `npm run test:stress`, each run
 * draws new cases. A failure prints its seed and path: replay it with `FC_SEED=<seed>`.
 */
import fc from "fast-check";

const seed =
  process.env.FC_SEED ?? (process.env.CI && !process.env.BYOKIT_STRESS ? "20261126" : undefined);
if (seed !== undefined) fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: Number(seed) });
