import { maskSecret } from "../masking/mask-secret.js";
import type { ProviderId } from "../providers/ids.js";
import type { AwsIamRegionPreview, ProviderKeyPreview } from "../providers/preview.js";
import type { ApiKey, ProviderKey } from "../providers/record.js";

/** Fields of a provider-key fixture; all optional, plus `regions` for Bedrock. */
export type ProviderKeyFixtureInput = {
  -readonly [F in keyof ProviderKey]?: ProviderKey[F];
} & {
  /** Bedrock: the region entries the key holds (`"global"` included), for its preview. */
  regions?: readonly string[];
};

export interface FixtureFactory {
  /** A complete provider-key record, as the API returns it. */
  providerKey(input?: ProviderKeyFixtureInput): ProviderKey;
  /** A Bedrock record holding `regions` (default `["global"]`). */
  bedrockKey(input?: ProviderKeyFixtureInput): ProviderKey;
  /** A gateway API key. */
  apiKey(input?: Partial<ApiKey>): ApiKey;
}

/** Fixture dates start here and advance one minute per record, so creation order is the tie order. */
const EPOCH = Date.parse("2025-01-01T00:00:00.000Z");

/**
 * Fixture builders with their own sequence: ids `pk_0001`, `pk_0002`, … and `created_at`
 * one minute apart in creation order. Records are the public shape (no secret), ready for
 * `createResolver` or the msw handlers.
 *
 * @example
 * const f = createFixtures();
 * const resolver = createResolver([
 *   f.providerKey({ provider: "openai" }),                              // organization key
 *   f.providerKey({ provider: "openai", api_key_ids: ["key_staging"] }),
 *   f.bedrockKey({ regions: ["eu-west-1", "global"] }),
 * ]);
 */
export function createFixtures(): FixtureFactory {
  let sequence = 0;
  const next = () => {
    sequence += 1;
    return { n: sequence, label: String(sequence).padStart(4, "0") };
  };

  const providerKey = (input: ProviderKeyFixtureInput = {}): ProviderKey => {
    const { n, label } = next();
    const { regions, ...fields } = input;
    const provider: ProviderId = fields.provider ?? "openai";
    const created = fields.created_at ?? new Date(EPOCH + n * 60_000).toISOString();
    return {
      object: "provider_key",
      id: `pk_${label}`,
      provider,
      name: `${provider} key ${label}`,
      api_key_ids: [],
      active: true,
      preview: previewFor(provider, label, regions),
      created_at: created,
      created_by: "user_fixture",
      updated_at: created,
      version: 1,
      ...fields,
    };
  };

  return {
    providerKey,
    bedrockKey: (input = {}) => providerKey({ regions: ["global"], ...input, provider: "bedrock" }),
    apiKey: (input = {}) => {
      const { label } = next();
      return {
        object: "ai_gateway_api_key",
        id: `key_${label}`,
        name: `API key ${label}`,
        active: true,
        ...input,
      };
    },
  };
}

/** A preview shaped like the real one for `provider`, built from an obviously fake secret. */
function previewFor(
  provider: ProviderId,
  label: string,
  regions: readonly string[] = ["global"],
): ProviderKeyPreview {
  const fakeSecret = `sk-fixture-000000000000${label}`;
  switch (provider) {
    case "bedrock":
      return {
        type: "aws_iam",
        regions: regions.map(
          (region): AwsIamRegionPreview => ({
            region,
            access_key_id: `AKIA...${label}`,
            session_token: false,
          }),
        ),
      };
    case "google_vertex_ai":
      return {
        type: "service_account",
        project_id: "fixture-project",
        client_email: `fixture-${label}@fixture-project.iam.gserviceaccount.com`,
        private_key_id: `fx${label}00`.slice(0, 8),
      };
    case "azure":
      return { type: "azure", endpoint: "https://fixture.openai.azure.com", key: `...${label}` };
    default:
      return { type: "api_key", key: maskSecret(fakeSecret) };
  }
}
