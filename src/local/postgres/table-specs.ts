import type { ProviderKey } from "../../providers/record.js";
import type {
  StoredApiKey,
  StoredApiKeyRecord,
  StoredOrganization,
  StoredProviderKey,
} from "../store.js";
import { apiKeyVersion, providerKeyVersion } from "../write-condition.js";
import type { TableSpec } from "./table-collection.js";

/** Provider keys: the record in clear (its preview is already masked), credentials sealed. */
export const PROVIDER_KEYS: TableSpec<StoredProviderKey> = {
  kind: "provider_key",
  table: "provider_keys",
  encrypted: true,
  split: (entry) => ({
    organizationId: entry.organization_id,
    id: entry.record.id,
    version: providerKeyVersion(entry),
    record: entry.record,
    secret: JSON.stringify(entry.credentials ?? null),
  }),
  join: (row, secret) => ({
    organization_id: row.organization_id,
    record: row.record as ProviderKey,
    credentials: JSON.parse(secret as string) as unknown,
  }),
};

/** Gateway API keys: the record in clear, the `key` sealed; the version lives beside the record. */
export const API_KEYS: TableSpec<StoredApiKey> = {
  kind: "api_key",
  table: "api_keys",
  encrypted: true,
  split: (entry) => ({
    organizationId: entry.organization_id,
    id: entry.record.id,
    version: apiKeyVersion(entry),
    record: entry.record,
    secret: entry.key,
  }),
  join: (row, secret) => ({
    organization_id: row.organization_id,
    record: row.record as StoredApiKeyRecord,
    key: secret as string,
    version: row.version,
  }),
};

/** Organizations: no secret; filed under their own id. */
export const ORGANIZATIONS: TableSpec<StoredOrganization> = {
  kind: "organization",
  table: "organizations",
  encrypted: false,
  split: (entry) => ({
    organizationId: entry.organization_id,
    id: entry.record.id,
    version: entry.version,
    record: entry.record,
  }),
  join: (row) => ({
    organization_id: row.organization_id,
    record: row.record as StoredOrganization["record"],
    version: row.version,
  }),
};
