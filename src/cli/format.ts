import type { ProviderKeyPreview } from "../providers/preview.js";
import type { ProviderKey } from "../providers/record.js";

/** A plain text table: a header row, then the rows, columns padded to their widest cell. */
export function table(header: readonly string[], input: readonly (readonly string[])[]): string {
  const rows = input.map((row) => row.map(printable));
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}

/** What a key shows of its secret, on one line. */
export function describePreview(preview: ProviderKeyPreview | undefined): string {
  if (!preview) return "";
  switch (preview.type) {
    case "api_key":
      return preview.key;
    case "azure":
      return `${preview.endpoint} ${preview.key}`;
    case "service_account":
      return `${preview.client_email} (${preview.private_key_id}…)`;
    case "aws_iam":
      return preview.regions.map((r) => `${r.region}:${r.access_key_id}`).join(", ");
  }
}

/**
 * `Organization (all keys)`, the API keys it serves, or `assignment unknown` when the server
 * did not say (Edgee's documented answers may omit `api_key_ids`).
 */
export function describeScope(record: Pick<ProviderKey, "api_key_ids">): string {
  const ids = record.api_key_ids;
  if (ids === undefined) return "assignment unknown";
  return ids.length === 0 ? "Organization (all keys)" : ids.join(", ");
}

export function keyRows(records: readonly ProviderKey[]): string {
  return table(
    ["ID", "PROVIDER", "NAME", "SCOPE", "ACTIVE", "SECRET", "CREATED"],
    records.map((r) => [
      r.id,
      r.provider,
      r.name,
      describeScope(r),
      r.active === undefined ? "unknown" : r.active ? "yes" : "no",
      describePreview(r.preview),
      r.created_at,
    ]),
  );
}

/**
 * A cell with control characters replaced: a name may come from anyone with write access,
 * and must never move the cursor or recolor the terminal.
 */
function printable(cell: string): string {
  let out = "";
  for (const char of cell) {
    const code = char.codePointAt(0)!;
    out += code < 0x20 || (code >= 0x7f && code <= 0x9f) ? "?" : char;
  }
  return out;
}
