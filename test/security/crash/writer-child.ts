/**
 * The child of the crash tests (bundled once by crash-harness.ts, then run with plain `node`):
 * opens a file store through a local backend and writes in a loop until it is killed.
 *
 * Protocol, one line per event on stdout (pipes are synchronous on Linux, so a line is in the
 * pipe before the next write starts):
 *   ready <count>                 the store opened, holding <count> keys
 *   begin <op> <id?> <name>       about to send a write
 *   ack create|update <id> <version> <name>
 *   ack delete <id>               the backend answered 2xx: the write is acknowledged
 *   fail <status>                 the backend refused (never expected)
 *
 * argv: <store path> <max writes>. The master key comes from BYOKIT_MASTER_KEY.
 */
import { createLocalBackend } from "../../../src/local/create-local-backend.js";
import { fileStore } from "../../../src/local/file-store.js";

const ORG = "org_crash";
const TOKEN = "crash_admin_token";
const [path, maxWritesText] = process.argv.slice(2) as [string, string];
const maxWrites = Number(maxWritesText);
/** Few enough keys that the file stays small and updates often hit the same record. */
const MAX_KEYS = 25;

const local = createLocalBackend({ store: fileStore(path), token: TOKEN, organizationId: ORG });
const base = `http://127.0.0.1/v1/organizations/${ORG}/provider-keys`;
const headers = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };
const say = (line: string) => process.stdout.write(`${line}\n`);

const listed = (await (await local.fetch(`${base}?limit=100`, { headers })).json()) as {
  data: { id: string }[];
};
const ids = listed.data.map((key) => key.id);
say(`ready ${ids.length}`);

const nonce = `${process.pid}-${Date.now()}`;
for (let write = 0; write < maxWrites; write += 1) {
  const name = `w${nonce}-${write}`;
  const roll = Math.random();
  if (ids.length === 0 || (roll < 0.45 && ids.length < MAX_KEYS)) {
    say(`begin create - ${name}`);
    const secret = `sk-test-FAKEcrash${Math.random().toString(36).slice(2).padEnd(12, "0")}`;
    const response = await local.fetch(base, {
      method: "POST",
      headers,
      body: JSON.stringify({ provider: "openai", name, provider_key: secret }),
    });
    if (response.status !== 201) {
      say(`fail ${response.status}`);
      continue;
    }
    const record = (await response.json()) as { id: string; version: number };
    ids.push(record.id);
    say(`ack create ${record.id} ${record.version} ${name}`);
  } else if (roll < 0.85 || ids.length < 3) {
    const id = ids[Math.floor(Math.random() * ids.length)]!;
    say(`begin update ${id} ${name}`);
    const response = await local.fetch(`${base}/${id}`, {
      method: "PATCH",
      headers,
      body: JSON.stringify({ name }),
    });
    if (response.status !== 200) {
      say(`fail ${response.status}`);
      continue;
    }
    const record = (await response.json()) as { version: number };
    say(`ack update ${id} ${record.version} ${name}`);
  } else {
    const index = Math.floor(Math.random() * ids.length);
    const id = ids[index]!;
    say(`begin delete ${id} -`);
    const response = await local.fetch(`${base}/${id}`, { method: "DELETE", headers });
    if (!response.ok) {
      say(`fail ${response.status}`);
      continue;
    }
    ids.splice(index, 1);
    say(`ack delete ${id}`);
  }
}
say("done");
