import type { ProviderKeyPreview } from "../index.js";
import { h } from "./dom.js";

/**
 * What a record shows of its secret: the masked key, the Bedrock regions with their access key
 * previews, the service account, or the Azure endpoint.
 *
 * @example
 * cell.append(previewView(record.preview));
 */
export function previewView(preview: ProviderKeyPreview | undefined): HTMLElement {
  switch (preview?.type) {
    case "api_key":
      return h("code", { class: "masked" }, preview.key);
    case "aws_iam":
      return h(
        "ul",
        { class: "plain-list", "aria-label": "Regions" },
        ...preview.regions.map((region) =>
          h(
            "li",
            {},
            h("span", { class: "region" }, region.region),
            " ",
            h("code", { class: "masked" }, region.access_key_id),
            region.session_token ? h("span", { class: "hint" }, " + session token") : null,
          ),
        ),
      );
    case "service_account":
      return h(
        "span",
        {},
        h("span", { class: "wrap-anywhere" }, preview.client_email),
        h("br", {}),
        h("span", { class: "hint" }, `project ${preview.project_id}, key `),
        h("code", { class: "masked" }, `${preview.private_key_id}…`),
      );
    case "azure":
      return h(
        "span",
        {},
        h("span", { class: "wrap-anywhere" }, preview.endpoint),
        " ",
        h("code", { class: "masked" }, preview.key),
      );
    default:
      return h("span", { class: "hint" }, "not shown");
  }
}
