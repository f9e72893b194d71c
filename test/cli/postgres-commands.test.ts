import { beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { keyId } from "../../src/local/postgres/master-key-ring.js";
import { postgresStore } from "../../src/local/postgres/postgres-store.js";
import { freshDatabase } from "../local/postgres/database.js";
import {
  fakeApiKey,
  freshSchema,
  newMasterKey,
  storedOpenAiEntry,
} from "../local/postgres/fixtures.js";
import { fakeIo } from "./cli-io.js";

let url = "";
beforeAll(async () => {
  ({ url } = await freshDatabase());
});

async function run(args: string[], env: Record<string, string>, stdin?: string) {
  const fake = fakeIo({ env, ...(stdin === undefined ? {} : { stdin }) });
  const code = await main(args, fake.io);
  return { code, stdout: fake.stdout(), stderr: fake.stderr() };
}

describe("byokit migrate, rotate-master-key and serve --database-url", () => {
  it("migrates the database named by BYOKIT_DATABASE_URL, once", async () => {
    const schema = freshSchema();
    const env = { BYOKIT_DATABASE_URL: url };
    expect(await run(["migrate", "--schema", schema], env)).toMatchObject({
      code: 0,
      stdout: "applied migration 1 (now at 1)\n",
    });
    const again = await run(["migrate", "--schema", schema, "--json"], env);
    expect(JSON.parse(again.stdout)).toEqual({ applied: [], version: 1 });
    expect(await run(["migrate"], {})).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("BYOKIT_DATABASE_URL"),
    });
  });

  it("rotates the master key with keys from the environment or stdin, never from arguments", async () => {
    const schema = freshSchema();
    const from = newMasterKey();
    const to = newMasterKey();
    const store = postgresStore({ connectionString: url, schema, masterKey: from });
    await store.put(storedOpenAiEntry("pk_1", fakeApiKey()));
    await store.close();

    const noPrevious = await run(["rotate-master-key", "--database-url", url, "--schema", schema], {
      BYOKIT_MASTER_KEY: to,
    });
    expect(noPrevious.code).toBe(2);
    expect(noPrevious.stderr).toContain("BYOKIT_PREVIOUS_MASTER_KEY");
    const onArgs = await run(["rotate-master-key", "--previous-key", from], {
      BYOKIT_MASTER_KEY: to,
    });
    expect(onArgs.code).toBe(2);
    expect(onArgs.stderr).not.toContain(from);

    const rotated = await run(
      ["rotate-master-key", "--database-url", url, "--schema", schema, "--previous-key-stdin"],
      { BYOKIT_MASTER_KEY: to },
      `${from}\n`,
    );
    expect(rotated).toMatchObject({
      code: 0,
      stdout: `re-encrypted 1 provider keys, 0 API keys and 0 idempotency records from master key ${keyId(Buffer.from(from, "base64"))} to ${keyId(Buffer.from(to, "base64"))}\n`,
    });
    const env = {
      BYOKIT_DATABASE_URL: url,
      BYOKIT_MASTER_KEY: to,
      BYOKIT_PREVIOUS_MASTER_KEY: from,
    };
    const again = await run(["rotate-master-key", "--schema", schema, "--json"], env);
    expect(JSON.parse(again.stdout).rotated.provider_keys).toBe(0);
    for (const output of [rotated.stdout, rotated.stderr, again.stdout]) {
      expect(output).not.toContain(from);
      expect(output).not.toContain(to);
    }
  });

  it("serves on a PostgreSQL store, and refuses a wrong master key before listening", async () => {
    const schema = freshSchema();
    const masterKey = newMasterKey();
    const env = { BYOKIT_DATABASE_URL: url, BYOKIT_MASTER_KEY: masterKey, BYOKIT_TOKEN: "t" };
    const served = await run(["serve", "--port", "0", "--schema", schema, "--json"], env);
    expect(served.code).toBe(0);
    expect(JSON.parse(served.stdout)).toMatchObject({ store: "postgres" });
    const wrong = await run(["serve", "--port", "0", "--schema", schema], {
      ...env,
      BYOKIT_MASTER_KEY: newMasterKey(),
    });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain("master key");
    expect(wrong.stdout).toBe("");
    const both = await run(["serve", "--file", "x.json", "--database-url", url], env);
    expect(both).toMatchObject({ code: 2, stderr: expect.stringContaining("not both") });
  });
});
