import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { createLocalBackend } from "../../src/local/create-local-backend.js";
import { TOKEN } from "../local/helpers.js";
import { fakeIo } from "./cli-io.js";

const env = {
  BYOKIT_URL: "http://byokit.test",
  EDGEE_CONSOLE_API_TOKEN: TOKEN,
  EDGEE_ORGANIZATION_ID: "org_cli",
};

function setup() {
  const local = createLocalBackend({
    token: TOKEN,
    apiKeys: [{ id: "key_staging", name: "Staging" }],
  });
  const run = async (args: string[]) => {
    const fake = fakeIo({ env, fetch: local.fetch });
    const code = await main(args, fake.io);
    return { code, ...fake };
  };
  return { local, run };
}

describe("byokit api-keys", () => {
  it("creates a key without printing its secret, then reveals it only with --show-key", async () => {
    const { run } = setup();
    const created = await run([
      "api-keys",
      "create",
      "--name",
      "CLI",
      "--model",
      "openai/gpt-5.2",
      "--json",
    ]);
    expect(created.code).toBe(0);
    const record = JSON.parse(created.stdout());
    expect(record).toMatchObject({
      object: "ai_gateway_api_key",
      name: "CLI",
      models: ["openai/gpt-5.2"],
    });
    expect(record.key).toBeUndefined();
    expect(created.stdout()).not.toMatch(/ek_live_[A-Za-z0-9]{40}/);

    const refused = await run(["api-keys", "reveal", record.id]);
    expect(refused.code).toBe(2);
    expect(refused.stdout()).toBe("");
    expect(refused.stderr()).toMatch(/--show-key/);

    const revealed = await run(["api-keys", "reveal", record.id, "--show-key"]);
    expect(revealed.code).toBe(0);
    expect(revealed.stdout()).toMatch(/^ek_live_[A-Za-z0-9]{40}\n$/);
  });

  it("create --show-key prints the secret once, in the table and in JSON", async () => {
    const { run } = setup();
    const shown = await run(["api-keys", "create", "--name", "Shown", "--show-key"]);
    expect(shown.stdout()).toMatch(/\nkey: ek_live_[A-Za-z0-9]{40}\n$/);
    const json = await run(["api-keys", "create", "--name", "Shown", "--show-key", "--json"]);
    expect(JSON.parse(json.stdout()).key).toMatch(/^ek_live_/);
  });

  it("lists as a table with the masked key and 'never' for the zero-time expiry", async () => {
    const { run } = setup();
    await run([
      "api-keys",
      "create",
      "--name",
      "Expiring",
      "--expires-in-days",
      "30",
      "--byok-only",
    ]);
    const listed = await run(["api-keys", "list"]);
    expect(listed.code).toBe(0);
    const lines = listed.stdout().trim().split("\n");
    expect(lines[0]).toMatch(/^ID\s+NAME\s+TYPE\s+ACTIVE\s+BYOK-ONLY\s+EXPIRES\s+KEY$/);
    expect(lines[1]).toMatch(
      /^key_staging\s+Staging\s+api\s+yes\s+no\s+never\s+ek_live_\.\.\.\w{4}$/,
    );
    expect(lines[2]).toMatch(/Expiring\s+api\s+yes\s+yes\s+\d{4}-\d\d-\d\dT/);
  });

  it("updates and deletes; get of a deleted key fails with exit code 1", async () => {
    const { run } = setup();
    const updated = await run([
      "api-keys",
      "update",
      "key_staging",
      "--active",
      "false",
      "--max-usage",
      "none",
      "--json",
    ]);
    expect(JSON.parse(updated.stdout())).toMatchObject({ active: false, max_usage: null });
    expect((await run(["api-keys", "delete", "key_staging"])).stdout()).toBe(
      "deleted key_staging\n",
    );
    const gone = await run(["api-keys", "get", "key_staging"]);
    expect(gone.code).toBe(1);
    expect(gone.stderr()).toMatch(/no API key key_staging/);
  });

  it.each([
    [["api-keys", "create"], /--name is required/],
    [
      ["api-keys", "create", "--name", "x", "--max-usage", "ten"],
      /--max-usage must be a whole number/,
    ],
    [["api-keys", "update", "key_staging", "--active", "maybe"], /--active must be true or false/],
    [["api-keys", "update", "key_staging"], /nothing to change/],
    [["api-keys", "frobnicate"], /unknown api-keys action/],
  ])("%j is a usage error", async (args, message) => {
    const { run } = setup();
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stderr()).toMatch(message);
  });

  it("is in the top-level help", async () => {
    const { run } = setup();
    expect((await run(["--help"])).stdout()).toContain("byokit api-keys reveal ID --show-key");
  });
});
