/** `byokit/testing`: fixture builders and msw handlers of the API, for users' own tests. */
export { createFixtures, type FixtureFactory, type ProviderKeyFixtureInput } from "./fixtures.js";
export { type ApiHandlersOptions, createApiHandlers } from "./msw-handlers.js";
