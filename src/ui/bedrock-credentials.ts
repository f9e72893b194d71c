import { type AwsIamRegionPreview, GLOBAL_REGION, ValidationError } from "../index.js";
import type { CredentialEditor, CredentialEditorContext } from "./credential-editor.js";
import { h, uniqueId } from "./dom.js";
import { type Field, field, input, secretInput } from "./field.js";
import type { FormIssue } from "./form-errors.js";

/** Suggestions only: any AWS region code is accepted. */
const SUGGESTED_REGIONS = [
  GLOBAL_REGION,
  "us-east-1",
  "us-east-2",
  "us-west-2",
  "eu-west-1",
  "eu-west-3",
  "eu-central-1",
  "ap-northeast-1",
  "ap-southeast-2",
  "ap-south-1",
  "ca-central-1",
  "us-gov-west-1",
];

interface RegionRow {
  readonly element: HTMLFieldSetElement;
  readonly legend: HTMLLegendElement;
  readonly region: Field<HTMLInputElement>;
  readonly accessKeyId: Field<HTMLInputElement>;
  readonly secret: Field<HTMLInputElement>;
  readonly sessionToken: Field<HTMLInputElement>;
  readonly remove: HTMLButtonElement;
  /** Editing: the stored region this row started from. */
  readonly stored: AwsIamRegionPreview | undefined;
}

/**
 * AWS Bedrock: one row per region (an AWS region code or `global`), each with its IAM access
 * key; **Add region** adds a row. Editing starts from the stored regions: a row left as it is
 * keeps everything, a row given its access key id but no secret keeps its stored secret, and
 * a row removed removes that region.
 *
 * @example
 * const editor = bedrockCredentials({ provider: "bedrock", label: "AWS Bedrock", errors });
 */
export function bedrockCredentials(context: CredentialEditorContext): CredentialEditor {
  const storedRegions = context.stored?.type === "aws_iam" ? context.stored.regions : [];
  const editing = context.stored !== undefined;
  const datalist = h(
    "datalist",
    { id: uniqueId("regions") },
    ...SUGGESTED_REGIONS.map((region) => h("option", { value: region })),
  );
  const list = h("div", { class: "region-rows" });
  const rows: RegionRow[] = [];
  const addButton = h("button", { type: "button", class: "secondary" }, "Add region");

  const renumber = () => {
    rows.forEach((row, index) => {
      row.legend.textContent = `Region ${index + 1}`;
      row.remove.setAttribute("aria-label", `Remove region ${index + 1}`);
      row.remove.disabled = rows.length === 1;
    });
  };
  const addRow = (stored?: AwsIamRegionPreview): RegionRow => {
    const row = regionRow(datalist.id, stored);
    row.remove.addEventListener("click", () => {
      const index = rows.indexOf(row);
      rows.splice(index, 1);
      row.element.remove();
      renumber();
      (rows[Math.max(0, index - 1)]?.region.control ?? addButton).focus();
    });
    rows.push(row);
    list.append(row.element);
    renumber();
    return row;
  };
  addButton.addEventListener("click", () => addRow().region.control.focus());
  if (storedRegions.length === 0) addRow();
  for (const stored of storedRegions) addRow(stored);

  const unchanged = () =>
    rows.length === storedRegions.length &&
    rows.every(
      (row) =>
        row.stored !== undefined &&
        row.region.control.value.trim() === row.stored.region &&
        [row.accessKeyId, row.secret, row.sessionToken].every((f) => f.control.value === ""),
    );

  return {
    element: h(
      "div",
      { class: "credentials" },
      h(
        "p",
        { class: "hint" },
        editing
          ? "A stored region left as it is keeps its credentials (leave the secret empty to keep it); a removed region is deleted."
          : `One row per AWS region; "${GLOBAL_REGION}" serves any region that has no row of its own.`,
      ),
      list,
      datalist,
      addButton,
    ),
    read() {
      const { errors } = context;
      errors.unregister("provider_key");
      const first = rows[0];
      if (first) errors.register("provider_key", first.region);
      if (editing && unchanged()) return undefined;
      const credentials: Record<string, Record<string, string>> = {};
      const issues: FormIssue[] = [];
      rows.forEach((row, index) => {
        const region = row.region.control.value.trim();
        const path = region ? `provider_key.${region}` : `provider_key.region-${index + 1}`;
        errors.register(path, row.region);
        errors.register(`${path}.access_key_id`, row.accessKeyId);
        errors.register(`${path}.secret_access_key`, row.secret);
        errors.register(`${path}.session_token`, row.sessionToken);
        if (region === "") {
          issues.push({
            path,
            message: 'needs an AWS region code (such as eu-west-1) or "global"',
          });
          return;
        }
        if (Object.hasOwn(credentials, region)) {
          issues.push({ path, message: "appears in two rows: keep one" });
          return;
        }
        const accessKeyId = row.accessKeyId.control.value.trim();
        // A stored region with nothing typed is sent as {}: the server keeps its whole entry.
        const entry: Record<string, string> = {};
        if (accessKeyId) entry.access_key_id = accessKeyId;
        const secret = row.secret.control.value.trim();
        if (secret) entry.secret_access_key = secret;
        const sessionToken = row.sessionToken.control.value.trim();
        if (sessionToken) entry.session_token = sessionToken;
        credentials[region] = entry;
      });
      if (issues.length > 0) throw new ValidationError(issues);
      return credentials;
    },
  };
}

function regionRow(datalistId: string, stored: AwsIamRegionPreview | undefined): RegionRow {
  const legend = h("legend", {});
  const region = field(
    "Region",
    input({
      type: "text",
      list: datalistId,
      autocomplete: "off",
      spellcheck: "false",
      placeholder: "us-east-1 or global",
    }),
  );
  region.control.value = stored?.region ?? "";
  const accessKeyId = field(
    "Access key ID",
    input({ type: "text", autocomplete: "off", spellcheck: "false", placeholder: "AKIA…" }),
    { hint: stored ? `Stored: ${stored.access_key_id}` : "" },
  );
  const secret = field("Secret access key", secretInput(), {
    hint: stored ? "Leave empty to keep the stored secret." : "",
  });
  const sessionToken = field("Session token (optional)", secretInput(), {
    hint: stored?.session_token ? "A session token is stored; leave empty to keep it." : "",
  });
  const remove = h("button", { type: "button", class: "link danger" }, "Remove");
  const element = h(
    "fieldset",
    { class: "region-row" },
    legend,
    region.element,
    accessKeyId.element,
    secret.element,
    sessionToken.element,
    h("div", { class: "row-actions" }, remove),
  );
  return { element, legend, region, accessKeyId, secret, sessionToken, remove, stored };
}
