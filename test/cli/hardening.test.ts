import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bindNote, networkWarning } from "../../src/cli/commands/serve.js";
import { main } from "../../src/cli/main.js";
import { createLocalBackend } from "../../src/local/create-local-backend.js";
import { fakeApiKey, fakeRegion, TOKEN } from "../local/helpers.js";
import { fakeServiceAccount } from "../providers/fixtures.js";
import { fakeIo } from "./cli-io.js";

const ORG = "org_cli";
const env = {
  BYOKIT_URL: "http://byokit.test",
  EDGEE_CONSOLE_API_TOKEN: TOKEN,
  EDGEE_ORGANIZATION_ID: ORG,
};

/** A secret with only letters and digits: it passes an id or env-name check as typed. */
const ALNUM_SECRET = "Zq7Rt2Lm9Xw4Pk8Vn3Hd6Js1Fb5Gc0Ty";

function setup() {
  const local = createLocalBackend({
    token: TOKEN,
    apiKeys: [{ id: "key_staging", name: "Staging" }],
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
    return { code, ...fake, all: () => fake.stdout() + fake.stderr() };
  };
  return { local, run };
}

async function createKey(run: ReturnType<typeof setup>["run"]) {
  const created = await run(["keys", "create", "--provider", "openai", "--name", "k", "--json"], {
    stdin: fakeApiKey(),
  });
  return JSON.parse(created.stdout()) as { id: string; version: number };
}

describe("nothing typed is echoed back (issue 11, item 3)", () => {
  it("an unknown api_key_ids entry equal to the secret is named by index, not quoted", async () => {
    const { run } = setup();
    const secret = `key_${ALNUM_SECRET}`;
    const result = await run(
      ["keys", "create", "--provider", "mistral", "--name", "x", "--api-key-id", secret],
      { stdin: secret },
    );
    expect(result.code).toBe(1);
    expect(result.stderr()).toMatch(/api_key_ids\[0\]: .* is not a known API key/);
    expect(result.all()).not.toContain(ALNUM_SECRET.slice(0, 6));
    const ghost = await run(
      ["keys", "create", "--provider", "mistral", "--name", "x", "--api-key-id", "key_ghost"],
      { stdin: ALNUM_SECRET },
    );
    expect(ghost.stderr()).toContain("api_key_ids[0]: key_gh… is not a known API key");
    expect(ghost.stderr()).not.toContain("key_ghost");
  });

  it("a 404 for an id that is a pasted secret quotes none of it, in the API and the CLI", async () => {
    const { local, run } = setup();
    const response = await local.fetch(`/v1/organizations/${ORG}/provider-keys/${ALNUM_SECRET}`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain(ALNUM_SECRET.slice(0, 6));
    for (const action of ["get", "delete", "test"]) {
      const result = await run(["keys", action, ALNUM_SECRET]);
      expect(result.code, action).toBe(1);
      expect(result.stderr(), action).toMatch(/404 not_found_error/);
      expect(result.all(), action).not.toContain(ALNUM_SECRET.slice(0, 6));
    }
    const wellFormed = await run(["keys", "get", "pk_Zq7Rt2Lm9Xw4"]);
    expect(wellFormed.stderr()).toContain("provider-keys/pk_Zq…");
    expect(wellFormed.stderr()).not.toContain("pk_Zq7");
  });

  it("--secret-env given a value instead of a name does not print it", async () => {
    const { run } = setup();
    const result = await run(["test", "--provider", "mistral", "--secret-env", ALNUM_SECRET]);
    expect(result.code).toBe(2);
    expect(result.stderr()).toMatch(/--secret-env/);
    expect(result.all()).not.toContain(ALNUM_SECRET.slice(0, 6));
  });

  it("a value typed as an option (--<secret>) is not repeated; a word option still is", async () => {
    const { run } = setup();
    for (const typed of [`--${ALNUM_SECRET}`, "--sk-proj-Ab12Cd34Ef56"]) {
      const result = await run(["keys", "list", typed]);
      expect(result.code).toBe(2);
      expect(result.stderr()).toMatch(/unknown option/);
      expect(result.all()).not.toContain(typed.slice(2, 8));
    }
    expect((await run(["keys", "list", "--frobnicate"])).stderr()).toContain("--frobnicate");
  });
});

describe("structured credentials keep their field names in errors (item 9)", () => {
  it("names the Bedrock region and field of a short secret, and scrubs the secret", async () => {
    const { run } = setup();
    const region = { ...fakeRegion(), secret_access_key: "FAKEshort1" };
    const result = await run(["keys", "create", "--provider", "bedrock", "--name", "aws"], {
      stdin: JSON.stringify({ "eu-west-1": region }),
    });
    expect(result.code).toBe(2);
    expect(result.stderr()).toContain(
      "provider_key.eu-west-1.secret_access_key: must be at least 16 characters",
    );
    expect(result.all()).not.toContain(region.access_key_id.slice(4));
  });

  it("keeps Vertex AI's wording readable, for keys create and test", async () => {
    const { run } = setup();
    const account = { ...fakeServiceAccount(), client_email: 42 };
    const text = JSON.stringify(account);
    for (const args of [
      ["keys", "create", "--provider", "google_vertex_ai", "--name", "v"],
      ["test", "--provider", "google_vertex_ai"],
    ]) {
      const result = await run(args, { stdin: text });
      expect(result.stderr()).toContain("must be the service account's email");
      expect(result.stderr()).not.toContain("[REDACTED]");
      expect(result.all()).not.toContain(account.private_key.split("\n")[1]!.slice(0, 12));
    }
  });
});

describe("--json means JSON on stdout for every outcome (item 11)", () => {
  it("prints one error shape for usage, validation, API and unknown-command failures", async () => {
    const { run } = setup();
    const cases = [
      { args: ["keys", "list", "--json", "--limit", "zero"], exit: 2, name: "UsageError" },
      { args: ["frobnicate", "--json"], exit: 2, name: "UsageError" },
      {
        args: ["resolve", "--provider", "bedrock", "--region", "mars-1", "--json"],
        exit: 2,
        name: "ValidationError",
      },
      { args: ["keys", "get", "pk_missing", "--json"], exit: 1, name: "NotFoundError" },
      { args: ["keys", "list", "--json", "--bogus"], exit: 2, name: "UsageError" },
    ];
    for (const { args, exit, name } of cases) {
      const result = await run(args);
      expect(result.code, args.join(" ")).toBe(exit);
      expect(result.stderr(), args.join(" ")).toBe("");
      const body = JSON.parse(result.stdout());
      expect(body.error, args.join(" ")).toMatchObject({ name, exit_code: exit });
      expect(typeof body.error.message).toBe("string");
    }
    const notFound = JSON.parse((await run(["keys", "get", "pk_missing", "--json"])).stdout());
    expect(notFound.error).toMatchObject({ status: 404, type: "not_found_error" });
    expect(notFound.error.request_id).toMatch(/^req_/);
    const invalid = JSON.parse(
      (await run(["resolve", "--provider", "bedrock", "--region", "mars-1", "--json"])).stdout(),
    );
    expect(invalid.error.issues[0].path).toBe("region");
  });

  it("a secret refused by test --json is a JSON error on stdout, exit 1", async () => {
    const { run } = setup();
    const result = await run(["test", "--provider", "openai", "--json"], { stdin: "short" });
    expect(result.code).toBe(1);
    expect(result.stderr()).toBe("");
    expect(JSON.parse(result.stdout()).error).toMatchObject({
      name: "ValidationError",
      exit_code: 1,
    });
  });
});

describe("--if-match (item 13)", () => {
  it("refuses a malformed version before sending (exit 2)", async () => {
    const { run } = setup();
    const record = await createKey(run);
    const result = await run(["keys", "delete", record.id, "--if-match", "abc"]);
    expect(result.code).toBe(2);
    expect(result.fetchCalls).toHaveLength(0);
    expect(result.stderr()).toMatch(/--if-match/);
  });

  it("a 412 says which version was given and which is stored", async () => {
    const { run } = setup();
    const record = await createKey(run);
    const newer = await run(["keys", "delete", record.id, "--if-match", "7"]);
    expect(newer.code).toBe(1);
    expect(newer.stderr()).toContain(
      `version 7 does not match the stored version ${record.version}`,
    );
    expect(newer.stderr()).not.toContain("changed since you read it");
  });
});

describe("wording (item 15)", () => {
  it("resolve names the API key of the scope", async () => {
    const { run } = setup();
    await run(
      [
        "keys",
        "create",
        "--provider",
        "openai",
        "--name",
        "Staging key",
        "--api-key-id",
        "key_staging",
      ],
      { stdin: fakeApiKey() },
    );
    const served = await run(["resolve", "--provider", "openai", "--api-key-id", "key_staging"]);
    expect(served.code).toBe(0);
    expect(served.stdout()).toContain("scope: Staging (key_staging)\n");
  });

  it("an empty keys list says so", async () => {
    const { run } = setup();
    const result = await run(["keys", "list"]);
    expect(result.code).toBe(0);
    expect(result.stdout()).toBe("No provider keys.\n");
  });
});

describe("serve's start-up checks (items 10 and 14)", () => {
  it("names the address of a busy port, as text and as JSON", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      for (const json of [false, true]) {
        const fake = fakeIo();
        const args = ["serve", "--port", String(port), ...(json ? ["--json"] : [])];
        expect(await main(args, fake.io)).toBe(1);
        const output = json ? JSON.parse(fake.stdout()).error.message : fake.stderr();
        expect(output).toContain(`127.0.0.1:${port}: it is already in use (EADDRINUSE)`);
        if (json) expect(JSON.parse(fake.stdout()).error.reason).toBe("address_in_use");
      }
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it("refuses --cors values that are not origins", async () => {
    for (const origin of ["garbage", "http://x.test/path", "ftp://x.test", "http://a@x.test"]) {
      const fake = fakeIo();
      expect(await main(["serve", "--port", "0", "--cors", origin], fake.io), origin).toBe(2);
      expect(fake.stderr()).toMatch(/--cors must be \* or an origin/);
    }
    const fine = fakeIo();
    expect(await main(["serve", "--port", "0", "--cors", "http://localhost:5173"], fine.io)).toBe(
      0,
    );
  });

  it("refuses --file in a directory that does not exist, before listening", async () => {
    const directory = await mkdtemp(join(tmpdir(), "byokit-cli-dir-"));
    try {
      const fake = fakeIo({ env: { BYOKIT_MASTER_KEY: Buffer.alloc(32, 1).toString("base64") } });
      const code = await main(["serve", "--port", "0", "--file", join(directory, "no/x")], fake.io);
      expect(code).toBe(2);
      expect(fake.stderr()).toMatch(/--file: the directory .* does not exist/);
      expect(fake.stdout()).toBe("");
      const file = join(directory, "plain");
      await writeFile(file, "");
      expect(await main(["serve", "--port", "0", "--file", join(file, "x")], fakeIo().io)).toBe(2);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it("announces the bind address of an all-interfaces host and warns", () => {
    expect(bindNote("0.0.0.0", 8787)).toBe(" (bound to 0.0.0.0:8787, all interfaces)");
    expect(bindNote("::", 8787)).toBe(" (bound to [::]:8787, all interfaces)");
    expect(bindNote(undefined, 8787)).toBe("");
    expect(networkWarning("0.0.0.0")).toMatch(/reachable from the network/);
    expect(networkWarning("192.168.1.20")).toMatch(/reachable from the network/);
    for (const host of [undefined, "127.0.0.1", "localhost", "::1", "[::1]"]) {
      expect(networkWarning(host)).toBeUndefined();
    }
  });

  it("prints no warning for a loopback host", async () => {
    const fake = fakeIo({ env: { BYOKIT_TOKEN: "t-for-test" } });
    expect(await main(["serve", "--port", "0", "--host", "127.0.0.1"], fake.io)).toBe(0);
    expect(fake.stderr()).toBe("");
  });
});
