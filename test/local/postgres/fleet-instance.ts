/**
 * One instance of a test fleet, in a process of its own (test/local/postgres/fleet.ts starts
 * it): a local backend on the shared PostgreSQL store, served on loopback, answering its
 * parent's questions over IPC. `resolve` answers with a digest of the credentials, never the
 * credentials: the parent compares secrets without one crossing a process boundary.
 *
 * Environment: BYOKIT_FLEET_DATABASE_URL, BYOKIT_MASTER_KEY, BYOKIT_FLEET_TOKEN.
 */
import { createHash } from "node:crypto";
import { createLocalBackend, postgresStore, serve } from "../../../src/local/index.js";

type Request =
  | { readonly id: number; readonly op: "resolve"; readonly query: Record<string, unknown> }
  | { readonly id: number; readonly op: "health" }
  | { readonly id: number; readonly op: "stop" };

const send = (message: unknown) => process.send?.(message);

async function main(): Promise<void> {
  const store = postgresStore({
    connectionString: process.env.BYOKIT_FLEET_DATABASE_URL!,
    masterKey: process.env.BYOKIT_MASTER_KEY!,
  });
  const local = createLocalBackend({ store, token: process.env.BYOKIT_FLEET_TOKEN! });
  try {
    // The first answer loads the store and subscribes to its feed: the instance is then live.
    await local.resolve({ provider: "openai", organization_id: "org_fleet" });
  } catch (error) {
    const { name, message } = error as Error;
    const reason = (error as { reason?: unknown }).reason;
    send({ type: "failed", name, message, reason });
    await store.close?.();
    process.exit(1);
  }
  const server = await serve(local, { port: 0, host: "127.0.0.1" });
  process.on("message", async (request: Request) => {
    try {
      if (request.op === "resolve") {
        const answer = await local.resolve(request.query as never);
        send({ id: request.id, result: summary(answer) });
      } else if (request.op === "health") {
        send({ id: request.id, result: local.health() });
      } else {
        await server.close();
        await local.close();
        await store.close?.();
        send({ id: request.id, result: "stopped" });
        process.exit(0);
      }
    } catch (error) {
      send({
        id: request.id,
        error: { name: (error as Error).name, message: (error as Error).message },
      });
    }
  });
  send({ type: "ready", url: server.url });
}

/** What the parent needs to compare answers: the key, its version, and a digest of the secret. */
function summary(answer: Awaited<ReturnType<ReturnType<typeof createLocalBackend>["resolve"]>>) {
  if (answer.status !== "resolved") return { status: answer.status };
  return {
    status: answer.status,
    key_id: answer.key.id,
    version: answer.key.version,
    credentials_sha256: createHash("sha256")
      .update(JSON.stringify(answer.credentials))
      .digest("hex"),
  };
}

await main();
