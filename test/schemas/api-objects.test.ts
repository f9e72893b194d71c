import { describe, expect, it } from "vitest";
import { createLocalBackend } from "../../src/local/create-local-backend.js";
import {
  errorEnvelopeSchema,
  listPageSchema,
  providerKeySchema,
} from "../../src/schemas/api-objects.js";

const base = "http://local/v1/organizations/org_1/provider-keys";
const headers = { authorization: "Bearer t", "content-type": "application/json" };

describe("the Console API object schemas", () => {
  it("accept what the local backend sends: records, lists and errors", async () => {
    const local = createLocalBackend({ token: "t" });
    const created = await local.fetch(base, {
      method: "POST",
      headers,
      body: JSON.stringify({
        provider: "bedrock",
        name: "AWS",
        provider_key: {
          global: {
            access_key_id: "AKIAFAKE000000000001",
            secret_access_key: "fake/secret/000000000000000000000000000",
          },
        },
      }),
    });
    expect(providerKeySchema.safeParse(await created.json()).success).toBe(true);

    const list = await (await local.fetch(`${base}?limit=20`, { headers })).json();
    expect(listPageSchema(providerKeySchema).safeParse(list).success).toBe(true);
    // Without paging parameters, Edgee's raw array of records.
    const array = await (await local.fetch(base, { headers })).json();
    expect(array).toHaveLength(1);
    expect(providerKeySchema.safeParse(array[0]).success).toBe(true);

    const missing = await (await local.fetch(`${base}/pk_missing`, { headers })).json();
    expect(errorEnvelopeSchema.safeParse(missing).success).toBe(true);
    const invalid = await local.fetch(base, {
      method: "POST",
      headers,
      body: JSON.stringify({ name: "" }),
    });
    const envelope = errorEnvelopeSchema.parse(await invalid.json());
    expect(envelope.error.params?.map((p) => p.param)).toEqual(
      expect.arrayContaining(["name", "provider"]),
    );
  });

  it("accept a record with only the fields Edgee documents", () => {
    const minimal = {
      id: "pk_1",
      provider: "openai",
      name: "x",
      created_at: "2025-01-01T00:00:00Z",
    };
    expect(providerKeySchema.safeParse(minimal).success).toBe(true);
  });

  it("refuse what is not the object they describe", () => {
    expect(
      providerKeySchema.safeParse({ id: "pk_1", provider: "cohere", name: "x", created_at: "" })
        .success,
    ).toBe(false);
    expect(listPageSchema(providerKeySchema).safeParse({ object: "page", data: [] }).success).toBe(
      false,
    );
    expect(errorEnvelopeSchema.safeParse({ message: "flat" }).success).toBe(false);
    const preview = {
      type: "aws_iam",
      regions: [{ region: "global", access_key_id: "AKIA...WXYZ" }],
    };
    expect(
      providerKeySchema.safeParse({
        id: "pk_1",
        provider: "bedrock",
        name: "x",
        created_at: "",
        preview,
      }).success,
    ).toBe(false);
  });
});
