import type { Migration } from "./migration.js";

/**
 * The first schema: one table per collection, secrets as AES-256-GCM ciphertext beside the
 * key id of the master key that encrypted them (`key_id`, `iv`, `tag`, `secret`); the public
 * record (with its masked preview) in clear as `jsonb`. `version` is authenticated with the
 * ciphertext, so a row rewritten out of band does not decrypt.
 */
export const migration001: Migration = {
  id: 1,
  name: "initial",
  sql: `
CREATE TABLE provider_keys (
  organization_id text NOT NULL,
  id text NOT NULL,
  version integer NOT NULL,
  record jsonb NOT NULL,
  key_id text NOT NULL,
  iv bytea NOT NULL,
  tag bytea NOT NULL,
  secret bytea NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, id)
);

CREATE TABLE api_keys (
  organization_id text NOT NULL,
  id text NOT NULL,
  version integer NOT NULL,
  record jsonb NOT NULL,
  key_id text NOT NULL,
  iv bytea NOT NULL,
  tag bytea NOT NULL,
  secret bytea NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, id)
);

CREATE TABLE organizations (
  organization_id text NOT NULL,
  id text NOT NULL,
  version integer NOT NULL,
  record jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, id)
);

CREATE TABLE idempotency_records (
  scope text NOT NULL,
  key text NOT NULL,
  fingerprint text NOT NULL,
  state text NOT NULL CHECK (state IN ('claimed', 'done')),
  lease_until timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  key_id text,
  iv bytea,
  tag bytea,
  answer bytea,
  PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_records_expires_at ON idempotency_records (expires_at);

-- One known plaintext per master key that ever wrote here: a store given the wrong key finds
-- out at start, before it serves or writes anything.
CREATE TABLE master_key_canaries (
  key_id text PRIMARY KEY,
  iv bytea NOT NULL,
  tag bytea NOT NULL,
  ciphertext bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
`,
};
