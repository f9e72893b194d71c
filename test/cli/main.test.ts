import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { createClient } from "../../src/client/create-client.js";
import { createLocalBackend } from "../../src/local/create-local-backend.js";
import type { Validator } from "../../src/validators/types.js";
import { fakeApiKey, fakeRegion, TOKEN } from "../local/helpers.js";
import { fakeIo } from "./cli-io.js";

const ORG = "org_cli";
const env = {
  BYOKIT_URL: "http://byokit.test",
  EDGEE_CONSOLE_API_TOKEN: TOKEN,
  EDGEE_ORGANIZATION_ID: ORG,
};

function setup(validators: Record<string, Validator> = {}) {
  const local = createLocalBackend({
    token: TOKEN,
    apiKeys: [{ id: "key_staging", name: "Staging" }],
    validators,
  });
  const run = async (
    args: string[],
    options: { stdin?: string; env?: Record<string, string> } = {},
  ) => {
    const fake = fakeIo({
      env: { ...env, ...options.env },
      fetch: local.fetch,
      ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
    });
    const code = await main(args, fake.io);
    return { code, ...fake };
  };
  return { local, run };
}

describe("byokit keys", () => {
  it("creates a key from stdin, lists it as a table, gets and deletes it", async () => {
    const { run } = setup();
    const secret = fakeApiKey();
    const created = await run(
      [
        "keys",
        "create",
        "--provider",
        "openai",
        "--name",
        "CLI key",
        "--api-key-id",
        "key_staging",
        "--json",
      ],
      { stdin: `${secret}\n` },
    );
    expect(created.code).toBe(0);
    const record = JSON.parse(created.stdout());
    expect(record).toMatchObject({
      provider: "openai",
      name: "CLI key",
      api_key_ids: ["key_staging"],
    });
    const sent = created.fetchCalls[0]!;
    expect(sent.url).toBe(`http://byokit.test/v1/organizations/${ORG}/provider-keys`);
    expect(sent.headers.get("Authorization")).toBe(`Bearer ${TOKEN}`);
    expect(sent.headers.get("Idempotency-Key")).toMatch(/^[0-9a-f-]{36}$/);
    expect(await sent.json()).toMatchObject({ provider_key: secret });
    expect(created.stdout()).not.toContain(secret.slice(8));

    const listed = await run(["keys", "list"]);
    expect(listed.code).toBe(0);
    const [header, row] = listed.stdout().trim().split("\n");
    expect(header).toMatch(/^ID\s+PROVIDER\s+NAME\s+SCOPE\s+ACTIVE\s+SECRET\s+CREATED$/);
    expect(row).toContain(record.id);
    expect(row).toContain(`sk-...${secret.slice(-4)}`);
    expect(row).toContain("key_staging");

    const got = await run(["keys", "get", record.id, "--json"]);
    expect(JSON.parse(got.stdout())).toEqual(record);
    const deleted = await run(["keys", "delete", record.id]);
    expect(deleted.code).toBe(0);
    expect(deleted.stdout()).toBe(`deleted ${record.id}\n`);
    const missing = await run(["keys", "get", record.id]);
    expect(missing.code).toBe(1);
    expect(missing.stderr()).toMatch(/404 not_found_error/);
  });

  it("reads the secret from --secret-env or --secret-file", async () => {
    const { run } = setup();
    const fromEnv = fakeApiKey();
    const viaEnv = await run(
      [
        "keys",
        "create",
        "--provider",
        "openai",
        "--name",
        "env",
        "--secret-env",
        "MY_KEY",
        "--json",
      ],
      { env: { MY_KEY: fromEnv } },
    );
    expect(viaEnv.code).toBe(0);
    expect(await viaEnv.fetchCalls[0]!.json()).toMatchObject({ provider_key: fromEnv });
    const directory = await mkdtemp(join(tmpdir(), "byokit-cli-"));
    try {
      const region = fakeRegion();
      const file = join(directory, "aws.json");
      await writeFile(file, JSON.stringify({ global: region }));
      const viaFile = await run([
        "keys",
        "create",
        "--provider",
        "bedrock",
        "--name",
        "aws",
        "--secret-file",
        file,
        "--json",
      ]);
      expect(viaFile.code).toBe(0);
      expect(JSON.parse(viaFile.stdout()).preview.regions[0].region).toBe("global");
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it("follows pages to the end and honours --limit", async () => {
    const { local, run } = setup();
    const seeder = createClient({
      organizationId: ORG,
      token: TOKEN,
      baseUrl: env.BYOKIT_URL,
      fetch: local.fetch,
    });
    for (let i = 0; i < 102; i++) {
      await seeder.providerKeys.create({
        provider: "openai",
        name: `k${i}`,
        provider_key: fakeApiKey(),
      });
    }

    const all = await run(["keys", "list", "--json"]);
    const names = JSON.parse(all.stdout()).map((r: { name: string }) => r.name);
    expect(names).toHaveLength(102);
    expect(names.slice(0, 2)).toEqual(["k101", "k100"]);
    expect(names.at(-1)).toBe("k0");
    const queries = all.fetchCalls.map((request) => new URL(request.url).searchParams);
    expect(queries.map((query) => query.get("limit"))).toEqual(["100", "100"]);
    expect(queries[0]!.has("start_key")).toBe(false);
    expect(queries[1]!.get("start_key")).toBeTruthy();

    const two = await run(["keys", "list", "--json", "--limit", "2"]);
    expect(JSON.parse(two.stdout()).map((r: { name: string }) => r.name)).toEqual(["k101", "k100"]);
    expect(two.fetchCalls).toHaveLength(1);
    expect(new URL(two.fetchCalls[0]!.url).searchParams.get("limit")).toBe("2");
  });

  it("deletes only the version --if-match names; a stale one exits 1 and keeps the key", async () => {
    const { run } = setup();
    const created = await run(
      ["keys", "create", "--provider", "openai", "--name", "v1", "--json"],
      {
        stdin: fakeApiKey(),
      },
    );
    const record = JSON.parse(created.stdout());
    const stale = await run([
      "keys",
      "delete",
      record.id,
      "--if-match",
      String(record.version + 1),
    ]);
    expect(stale.code).toBe(1);
    expect(stale.stderr()).toMatch(/412 precondition_failed_error/);
    expect(stale.fetchCalls[0]!.headers.get("If-Match")).toBe(`"${record.version + 1}"`);
    expect((await run(["keys", "get", record.id])).code).toBe(0);

    const current = await run([
      "keys",
      "delete",
      record.id,
      "--if-match",
      String(record.version),
      "--json",
    ]);
    expect(current.code).toBe(0);
    expect(JSON.parse(current.stdout())).toEqual({
      object: "provider_key",
      id: record.id,
      deleted: true,
    });
    expect((await run(["keys", "get", record.id])).code).toBe(1);
  });

  it("exits 1 with the API's error on a rejected create, never echoing the secret", async () => {
    const { run } = setup();
    const secret = fakeApiKey();
    const result = await run(
      ["keys", "create", "--provider", "openai", "--name", "x", "--api-key-id", "key_ghost"],
      { stdin: secret },
    );
    expect(result.code).toBe(1);
    expect(result.stderr()).toMatch(/400 invalid_request_error/);
    expect(result.stderr()).toContain("api_key_ids[0]: key_gh… is not a known API key");
    expect(result.stderr() + result.stdout()).not.toContain(secret.slice(8));
  });
});

describe("input the client refuses before sending", () => {
  it("is a usage error (exit 2) naming the field, with nothing sent", async () => {
    const { run } = setup();
    const secret = fakeApiKey();
    for (const [args, field] of [
      [
        ["keys", "create", "--provider", "openai", "--name", "x", "--api-key-id", "key staging"],
        /api_key_ids/,
      ],
      [["keys", "create", "--provider", "nope", "--name", "x"], /provider/],
      [["keys", "list", "--provider", "nope"], /provider/],
      [["keys", "delete", "pk_1", "--if-match", "two words"], /--if-match/],
      [["resolve", "--provider", "bedrock", "--region", "mars-1"], /region/],
    ] as const) {
      const result = await run([...args], { stdin: secret });
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.fetchCalls).toHaveLength(0);
      expect(result.stderr()).toMatch(field);
      expect(result.stderr()).not.toContain(secret.slice(8));
    }
  });

  it("is a usage error when the token is not a header value, naming the flag", async () => {
    const { run } = setup();
    const result = await run(["keys", "list"], { env: { EDGEE_CONSOLE_API_TOKEN: "two words" } });
    expect(result.code).toBe(2);
    expect(result.stderr()).toBe(
      "error: --token (or EDGEE_CONSOLE_API_TOKEN) must be printable ASCII with no spaces\n",
    );
    expect(result.fetchCalls).toHaveLength(0);
  });
});

describe("byokit resolve", () => {
  it("prints the explanation and exits 0 when a key serves, 1 when none does", async () => {
    const { run } = setup();
    await run(["keys", "create", "--provider", "openai", "--name", "Org key"], {
      stdin: fakeApiKey(),
    });
    const served = await run(["resolve", "--provider", "openai", "--api-key-id", "key_staging"]);
    expect(served.code).toBe(0);
    expect(served.stdout()).toMatch(/^status: resolved\n/);
    expect(served.stdout()).toContain("Organization (all keys)");
    expect(await served.fetchCalls[0]!.json()).toEqual({
      provider: "openai",
      api_key_id: "key_staging",
    });
    const unserved = await run(["resolve", "--provider", "mistral", "--json"]);
    expect(unserved.code).toBe(1);
    expect(JSON.parse(unserved.stdout()).status).toBe("unassigned");
  });
});

describe("byokit test", () => {
  it("tests a secret through the API and exits 0 when valid, 1 when not", async () => {
    const seen: unknown[] = [];
    const openai: Validator = async (key) => {
      seen.push(key);
      return key === "sk-test-FAKEvalid0000000000"
        ? { ok: true, status: "valid", message: "works", latency_ms: 1 }
        : { ok: false, status: "invalid_credentials", message: "rejected", latency_ms: 1 };
    };
    const { run } = setup({ openai });
    const valid = await run(["test", "--provider", "openai", "--secret-env", "K"], {
      env: { K: "sk-test-FAKEvalid0000000000" },
    });
    expect(valid.code).toBe(0);
    expect(valid.stdout()).toMatch(/^valid: valid/);
    const invalid = await run(["test", "--provider", "openai", "--json"], {
      stdin: "sk-test-FAKEwrong0000000000",
    });
    expect(invalid.code).toBe(1);
    expect(JSON.parse(invalid.stdout()).status).toBe("invalid_credentials");
    expect(seen).toEqual(["sk-test-FAKEvalid0000000000", "sk-test-FAKEwrong0000000000"]);
  });

  it("reports a secret the client refuses as not valid (exit 1), here or through the API", async () => {
    const { local } = setup();
    for (const environment of [env, {}]) {
      const fake = fakeIo({ env: environment, stdin: "short", fetch: local.fetch });
      expect(await main(["test", "--provider", "openai"], fake.io)).toBe(1);
      expect(fake.stderr()).toMatch(/^not valid: .*must be at least 8 characters\n$/);
      expect(fake.fetchCalls).toHaveLength(0);
    }
  });

  it("tests a stored key with keys test", async () => {
    const openai: Validator = async () => ({
      ok: true,
      status: "valid",
      message: "ok",
      latency_ms: 1,
    });
    const { run } = setup({ openai });
    const created = await run(["keys", "create", "--provider", "openai", "--name", "t", "--json"], {
      stdin: fakeApiKey(),
    });
    const id = JSON.parse(created.stdout()).id;
    const tested = await run(["keys", "test", id]);
    expect(tested.code).toBe(0);
    expect(tested.fetchCalls[0]!.url).toMatch(new RegExp(`/provider-keys/${id}/test$`));
  });

  it("never takes a secret from an argument, and never repeats it", async () => {
    const { run } = setup();
    const secret = fakeApiKey();
    for (const args of [
      ["test", "--provider", "openai", secret],
      ["test", "--provider", "openai", `--secret=${secret}`],
      ["test", "--provider", "openai", "--api-key", secret],
      ["keys", "create", "--provider", "openai", "--name", "n", secret],
    ]) {
      const result = await run(args, { stdin: fakeApiKey() });
      expect(result.code).toBe(2);
      expect(result.fetchCalls).toHaveLength(0);
      expect(result.stderr()).toMatch(/secret|argument/);
      expect(result.stderr() + result.stdout()).not.toContain(secret.slice(8));
    }
  });

  it("asks for a secret source instead of waiting on a terminal", async () => {
    const { run } = setup();
    const result = await run(["test", "--provider", "openai"]);
    expect(result.code).toBe(2);
    expect(result.stderr()).toMatch(/--secret-env/);
  });
});

describe("usage", () => {
  it("exits 2 for unknown commands, missing options and missing configuration", async () => {
    const { run } = setup();
    expect((await run(["frobnicate"])).code).toBe(2);
    expect((await run(["keys", "create", "--name", "x"], { stdin: "sk-FAKE12345678" })).code).toBe(
      2,
    );
    const noToken = await run(["keys", "list"], { env: { EDGEE_CONSOLE_API_TOKEN: "" } });
    expect(noToken.code).toBe(2);
    expect(noToken.stderr()).toMatch(/EDGEE_CONSOLE_API_TOKEN/);
    expect((await run(["keys", "list", "--limit", "zero"])).code).toBe(2);
    expect((await run(["--help"])).code).toBe(0);
  });

  it("keygen prints a 32-byte base64 master key", async () => {
    const { run } = setup();
    const result = await run(["keygen"]);
    expect(result.code).toBe(0);
    expect(Buffer.from(result.stdout().trim(), "base64")).toHaveLength(32);
  });

  it("retries a server that cannot be reached as the client does, then exits 1", async () => {
    const fake = fakeIo({
      env: { ...env, BYOKIT_URL: "http://127.0.0.1:9" },
      fetch: async () => {
        throw new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } });
      },
    });
    expect(await main(["keys", "list"], fake.io)).toBe(1);
    expect(fake.fetchCalls).toHaveLength(3);
    expect(fake.stderr()).toBe(
      `error: GET /v1/organizations/${ORG}/provider-keys → network error or blocked by CORS (ECONNREFUSED)\n`,
    );
  });
});
