// In a file of its own: constructing any schema of the full `zod` switches on its English
// messages for every schema of the process, ours included, as in an application using zod.

import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { parseProviderKey } from "../../src/providers/parse-provider-key.js";
import { expectNoLeak } from "../masking/leaks.js";
import {
  fakeAccessKeyId,
  fakeAzure,
  fakeChars,
  fakePemBody,
  fakeSecretAccessKey,
  fakeServiceAccount,
} from "./fixtures.js";
import { rejectionOf } from "./rejection.js";

describe("parseProviderKey in an application that uses the full zod", () => {
  beforeAll(() => {
    z.string();
  });

  it("names an unknown key that is a pasted secret only as unknown fields", () => {
    const pasted = `sk-${fakeChars(40, 400)}`;
    const entry = {
      access_key_id: fakeAccessKeyId(401),
      secret_access_key: fakeSecretAccessKey(402),
      [pasted]: "x",
    };
    const error = rejectionOf(() => parseProviderKey("bedrock", { "us-east-1": entry }));
    expect(error.issues).toEqual([
      { path: "provider_key.us-east-1", message: "has unknown fields" },
    ]);
    expectNoLeak(error, [pasted, entry.secret_access_key, entry.access_key_id]);
  });

  it("keeps its own wording for a plain unknown field", () => {
    const credentials = fakeAzure(403);
    const error = rejectionOf(() => parseProviderKey("azure", { ...credentials, region: "x" }));
    expect(error.issues).toEqual([{ path: "provider_key", message: "has unknown field region" }]);
    expectNoLeak(error, [credentials.api_key]);
  });

  it("keeps its own wording for a key file of another type", () => {
    const key = { ...fakeServiceAccount(405), type: "authorized_user" };
    const error = rejectionOf(() => parseProviderKey("google_vertex_ai", key));
    expect(error.issues).toEqual([
      { path: "provider_key.type", message: 'must be "service_account"' },
    ]);
    expectNoLeak(error, fakePemBody(405));
  });

  it("keeps the schema's messages for every other rejection", () => {
    const credentials = fakeAzure(404);
    const error = rejectionOf(() =>
      parseProviderKey("azure", { endpoint: "http://x.example", api_key: 7 }),
    );
    expect(error.issues).toEqual([
      { path: "provider_key.endpoint", message: "must be an absolute https:// URL" },
      { path: "provider_key.api_key", message: "must be the API key, a string" },
    ]);
    expectNoLeak(error, [credentials.api_key]);
  });
});
