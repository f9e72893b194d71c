import type { CredentialStatus, TestResult } from "../index.js";
import { h } from "./dom.js";

const STATUS_LABELS: { readonly [S in CredentialStatus]-?: string } = {
  valid: "Valid",
  invalid_credentials: "Invalid credentials",
  permission_denied: "Permission denied",
  quota_exceeded: "Quota exceeded",
  rate_limited: "Rate limited",
  // The provider never answered: the key was not judged, either way.
  network_error: "Not checked (network error)",
  timeout: "Not checked (timed out)",
  unexpected_response: "Unexpected response",
};

/**
 * A credential test's outcome: status, message, and for Bedrock one line per region.
 *
 * @example
 * output.replaceChildren(testResultView(await client.providerKeys.test(input)));
 */
export function testResultView(result: TestResult): HTMLElement {
  const unchecked = result.status === "network_error" || result.status === "timeout";
  const facts = [
    result.http_status === undefined ? undefined : `HTTP ${result.http_status}`,
    `${result.latency_ms} ms`,
  ].filter((fact) => fact !== undefined);
  return h(
    "div",
    { class: `test-result ${result.ok ? "ok" : unchecked ? "unchecked" : "failed"}` },
    h(
      "p",
      {},
      h(
        "span",
        { class: `badge ${result.ok ? "badge-ok" : unchecked ? "badge-warn" : "badge-bad"}` },
        STATUS_LABELS[result.status],
      ),
      " ",
      result.message,
      " ",
      h("span", { class: "hint" }, `(${facts.join(", ")})`),
    ),
    result.regions && result.regions.length > 0
      ? h(
          "ul",
          { class: "region-results", "aria-label": "Results per region" },
          ...result.regions.map((region) =>
            h(
              "li",
              { class: "region-result" },
              h("code", {}, region.region),
              " ",
              h(
                "span",
                { class: `badge ${region.ok ? "badge-ok" : "badge-bad"}` },
                STATUS_LABELS[region.status],
              ),
              " ",
              region.message,
            ),
          ),
        )
      : null,
  );
}
