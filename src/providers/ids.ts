/** Every provider byokit knows, in the order admin tools list them. */
export const PROVIDER_IDS = [
  "anthropic",
  "openai",
  "google_vertex_ai",
  "mistral",
  "deepseek",
  "xai",
  "zai",
  "bedrock",
  "azure",
] as const;

/** A provider id of DESIGN.md: `"openai"`, `"bedrock"`, `"google_vertex_ai"`, … */
export type ProviderId = (typeof PROVIDER_IDS)[number];

/** True when `value` is one of {@link PROVIDER_IDS}. */
export function isProviderId(value: unknown): value is ProviderId {
  return (PROVIDER_IDS as readonly unknown[]).includes(value);
}
