import type { Fixture } from "./harness.js";

/**
 * `POST /v1/organizations/{orgId}/provider-keys`: the response example, all five fields, as
 * documented. The request examples (Vertex, Bedrock, Azure, OpenAI) send
 * `{ provider, provider_key (a string; JSON text for Bedrock/Azure/Vertex), name, api_key_ids }`.
 */
export const createdKey: Fixture = {
  source: "https://www.edgee.ai/docs/api-reference/console-api-provider-keys",
  transcribed:
    "the response example verbatim (id, provider, name, created_at, created_by); the request is one of the documented request shapes with a synthetic key",
  kind: "documented",
  request: { method: "POST", path: "/provider-keys" },
  response: {
    status: 200,
    body: {
      id: "pk_1a2b3c4d5e6f7g8h",
      provider: "google_vertex_ai",
      name: "Production Vertex AI",
      created_at: "2026-04-08T10:00:00Z",
      created_by: "user_abc123",
    },
  },
};

/**
 * `GET /v1/organizations/{org}/provider-keys`: a raw JSON array, no `{ data: [...] }` wrapper,
 * whose items carry `provider` and `active` (what Edgee's own CLI reads from the real service).
 * The stored copy of src/api.rs that could be read here (commit 0b1aa1e0) shows the same raw
 * array convention for `GET /api_keys` and `/plugins` ("Returns a raw array (no
 * `{ data: [...] }` wrapper)"); the provider-key list call itself is transcribed from
 * DESIGN.md's account of src/api.rs (2026-08). Item values are synthetic; the fields are the
 * documented record's five plus `active`.
 */
export const listedKeys: Fixture = {
  source: "https://github.com/edgee-ai/edgee/blob/main/src/api.rs",
  transcribed:
    "shape only: a raw array of { id, provider, name, active, created_at, created_by }; values synthetic",
  kind: "observed",
  request: { method: "GET", path: "/provider-keys" },
  response: {
    status: 200,
    body: [
      {
        id: "pk_1a2b3c4d5e6f7g8h",
        provider: "google_vertex_ai",
        name: "Production Vertex AI",
        active: true,
        created_at: "2026-04-08T10:00:00Z",
        created_by: "user_abc123",
      },
      {
        id: "pk_9z8y7x6w5v4u3t2s",
        provider: "openai",
        name: "OpenAI staging",
        active: false,
        created_at: "2026-04-07T09:00:00Z",
        created_by: "user_abc123",
      },
    ],
  },
};

/**
 * `POST /provider-keys/{id}`: Edgee documents update by POST for `api_keys/{id}`; its answer
 * for a provider key is not documented, so the five documented fields are assumed.
 */
export const updatedKey: Fixture = {
  source: "https://www.edgee.ai/docs/api-reference/console-api-manage-gateway-api-keys",
  transcribed: "the method (POST on the item's path); the body is the create example's five fields",
  kind: "inferred",
  request: { method: "POST", path: "/provider-keys/pk_1a2b3c4d5e6f7g8h" },
  response: { status: 200, body: { ...(createdKey.response.body as object), name: "Renamed" } },
};

/** `POST /provider-keys/resolve` for a BYOK-only request nothing can serve (byokit's own). */
export const rejectedResolution: Fixture = {
  source: "/work/shared/DESIGN.md#resolution-the-heart-of-the-sdk (rule 7)",
  transcribed: 'the shape { status: "rejected", explanation }',
  kind: "extension",
  request: { method: "POST", path: "/provider-keys/resolve" },
  response: {
    status: 200,
    body: {
      status: "rejected",
      explanation:
        "API key key_byok is BYOK-only and no active openai key serves it: the gateway refuses the request instead of using its shared keys.",
    },
  },
};

export const providerKeyFixtures = [createdKey, listedKeys, updatedKey, rejectedResolution];
