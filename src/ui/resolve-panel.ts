import {
  type ApiKey,
  type ConsoleClient,
  PROVIDER_IDS,
  type ProviderId,
  type ProviderKey,
  providers,
  type Resolution,
} from "../index.js";
import { h } from "./dom.js";
import { field, input, select } from "./field.js";
import { FormErrors } from "./form-errors.js";

export interface ResolvePanel {
  readonly element: HTMLElement;
  /** Refreshes the API key choices (after the list loads). */
  setApiKeys(apiKeys: readonly ApiKey[]): void;
}

const NO_API_KEY = "";

/**
 * "Which key will this API key use?": provider, API key and (Bedrock) region in; the server's
 * resolution and its explanation out.
 *
 * @example
 * main.append(resolvePanel(client).element);
 */
export function resolvePanel(client: ConsoleClient): ResolvePanel {
  const errors = new FormErrors();
  const provider = field(
    "Provider",
    select(PROVIDER_IDS.map((id) => [id, providers[id].label] as const)),
  );
  provider.control.value = "openai";
  const apiKey = field("API key", select([[NO_API_KEY, "None (organization keys only)"]]));
  const region = field(
    "Region",
    input({ type: "text", autocomplete: "off", spellcheck: "false", placeholder: "eu-west-1" }),
    { hint: 'An AWS region code; empty or "global" for the global credentials.' },
  );
  errors.register("provider", provider);
  errors.register("api_key_id", apiKey);
  errors.register("region", region);
  const syncRegion = () => {
    region.element.hidden = provider.control.value !== "bedrock";
  };
  provider.control.addEventListener("change", syncRegion);
  syncRegion();
  const output = h("div", { class: "resolution", role: "status", "aria-live": "polite" });
  const submit = h("button", { type: "submit", class: "primary" }, "Show the key");
  const form = h(
    "form",
    { novalidate: true, class: "resolve-form" },
    errors.summary,
    h("div", { class: "grid-3" }, provider.element, apiKey.element, region.element),
    h("div", { class: "form-actions" }, submit),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    errors.clear();
    submit.disabled = true;
    try {
      const chosenProvider = provider.control.value as ProviderId;
      const regionValue = region.control.value.trim();
      const answer = await client.providerKeys.resolve({
        provider: chosenProvider,
        ...(apiKey.control.value === NO_API_KEY ? {} : { api_key_id: apiKey.control.value }),
        ...(chosenProvider === "bedrock" && regionValue !== "" ? { region: regionValue } : {}),
      });
      output.replaceChildren(resolutionView(answer as Resolution<ProviderKey>));
    } catch (error) {
      output.replaceChildren();
      errors.show(error);
    } finally {
      submit.disabled = false;
    }
  });
  return {
    element: h(
      "section",
      { class: "panel", "aria-labelledby": "resolve-title" },
      h("h2", { id: "resolve-title" }, "Which key will this API key use?"),
      h(
        "p",
        { class: "hint" },
        "Ask the server which provider key serves a request, and why. Keys assigned to the API key win over organization keys.",
      ),
      form,
      output,
    ),
    setApiKeys(apiKeys) {
      const chosen = apiKey.control.value;
      apiKey.control.replaceChildren(
        h("option", { value: NO_API_KEY }, "None (organization keys only)"),
        ...apiKeys.map((key) =>
          h(
            "option",
            { value: key.id },
            `${key.name} (${key.id})${key.active === false ? ", inactive" : ""}${key.byok_only ? ", BYOK-only" : ""}`,
          ),
        ),
      );
      if (apiKeys.some((key) => key.id === chosen)) apiKey.control.value = chosen;
    },
  };
}

const STATUS = {
  resolved: ["Resolved", "badge-ok"],
  unassigned: ["No key assigned: the gateway uses its shared keys", "badge-warn"],
  rejected: ["Rejected (BYOK-only): the gateway refuses the request", "badge-bad"],
  region_unavailable: ["Region unavailable", "badge-bad"],
} as const;

function resolutionView(answer: Resolution<ProviderKey>): HTMLElement {
  const [label, badge] = STATUS[answer.status];
  const facts: (Node | string)[] = [];
  if (answer.status === "resolved") {
    facts.push(
      h("strong", {}, answer.key.name),
      " ",
      h(
        "span",
        { class: `badge ${answer.scope === "organization" ? "badge-org" : "badge-key"}` },
        answer.scope === "organization" ? "Organization (all keys)" : "Assigned to this API key",
      ),
    );
    if (answer.region) facts.push(" region ", h("code", {}, answer.region.matched));
  }
  return h(
    "div",
    { class: `resolution-result resolution-${answer.status}` },
    h("p", {}, h("span", { class: `badge ${badge}` }, label), " ", ...facts),
    h("p", { class: "explanation" }, answer.explanation),
  );
}
