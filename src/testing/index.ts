/**
 * `byokit/testing`: fixture builders, and msw handlers of the API loaded only when asked for.
 * Importing it never loads msw: `createApiHandlers` here requires msw on its first call (Node);
 * `byokit/testing/msw` imports it (Node and browsers).
 */
export { createApiHandlers } from "./create-api-handlers.js";
export { createFixtures, type FixtureFactory, type ProviderKeyFixtureInput } from "./fixtures.js";
export { MissingPeerDependencyError } from "./missing-peer-dependency-error.js";
export type { ApiHandlersOptions } from "./msw-handlers.js";
