import { randomBytes } from "node:crypto";
import { constants, existsSync } from "node:fs";
import { access, stat } from "node:fs/promises";
import { dirname, resolve as resolvePath } from "node:path";
import { fileURLToPath } from "node:url";
import { createLocalBackend } from "../../local/create-local-backend.js";
import { fileStore } from "../../local/file-store.js";
import { memoryStore } from "../../local/memory-store.js";
import { postgresStore } from "../../local/postgres/postgres-store.js";
import { DEFAULT_SCHEMA } from "../../local/postgres/schema-name.js";
import { serve } from "../../local/serve.js";
import type { LocalApiKey } from "../../local/types.js";
import { DATABASE_OPTIONS, databaseOptions } from "../database-options.js";
import { type CliIo, EXIT, type ExitCode } from "../io.js";
import { parseOptions } from "../parse-options.js";
import { UsageError } from "../usage-error.js";

export const SERVE_HELP = `byokit serve [--port 8787] [--host 127.0.0.1] [--file PATH | --database-url URL]
             [--schema byokit] [--token T]
             [--cors ORIGIN]... [--org ORG] [--api-key ID[=NAME]]... [--ui] [--json]
             [--allow-custom-hosts] [--allow-private-networks]
  Serves the Console API locally. Keys live in memory, or with --file in a file encrypted
  with BYOKIT_MASTER_KEY (see byokit keygen), or with --database-url (or BYOKIT_DATABASE_URL)
  in PostgreSQL, shared by every instance, secrets encrypted with BYOKIT_MASTER_KEY (and,
  during a rotation, readable with BYOKIT_PREVIOUS_MASTER_KEY). Without --token (or BYOKIT_TOKEN) an admin
  token is generated and printed. --cors '*' allows every origin. --api-key declares the
  gateway API keys that assignments may name. --ui also serves the admin console at /
  (loopback hosts only; open the one-time login link it prints). Credential tests go only to
  providers' own hosts on public addresses: --allow-custom-hosts lets an Azure endpoint or
  Vertex token_uri name another host (an APIM gateway), --allow-private-networks lets them
  reach private or loopback addresses. Stops on Ctrl-C.`;

/** The organization the console manages when --org is not given. */
const DEFAULT_ORG = "org_local";

export async function serveCommand(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values } = parseOptions(
    args,
    {
      port: { type: "string" },
      host: { type: "string" },
      file: { type: "string" },
      ...DATABASE_OPTIONS,
      token: { type: "string" },
      cors: { type: "string", multiple: true },
      org: { type: "string" },
      "api-key": { type: "string", multiple: true },
      ui: { type: "boolean" },
      "allow-custom-hosts": { type: "boolean" },
      "allow-private-networks": { type: "boolean" },
    },
    { max: 0, names: "" },
  );
  if (values.help) {
    io.stdout(`${SERVE_HELP}\n`);
    return EXIT.ok;
  }
  const port = values.port === undefined ? 8787 : Number(values.port);
  if (!/^\d{1,5}$/.test(values.port ?? "0") || port > 65_535) {
    throw new UsageError("--port must be a port number from 0 to 65535");
  }
  const cors = parseCors(values.cors);
  if (values.file !== undefined) await checkStoreDirectory(values.file);
  const givenToken = values.token ?? io.env.BYOKIT_TOKEN;
  const token = givenToken ?? `byok_local_${randomBytes(24).toString("base64url")}`;
  const database = databaseOptions(values, io);
  if (database !== undefined && values.file !== undefined) {
    throw new UsageError("give --file or --database-url (BYOKIT_DATABASE_URL), not both");
  }
  const store =
    database !== undefined
      ? postgresStore({
          ...database,
          masterKey: io.env.BYOKIT_MASTER_KEY ?? "",
          ...(io.env.BYOKIT_PREVIOUS_MASTER_KEY
            ? { previousMasterKeys: [io.env.BYOKIT_PREVIOUS_MASTER_KEY] }
            : {}),
        })
      : values.file === undefined
        ? memoryStore()
        : fileStore(values.file);
  // Fail now, not on the first request, when the file or database is unreadable or the key
  // is wrong.
  try {
    await store.load();
  } catch (error) {
    await store.close?.();
    throw error;
  }
  const backend = createLocalBackend({
    store,
    token,
    apiKeys: parseApiKeys(values["api-key"] ?? []),
    ...(values.org === undefined ? {} : { organizationId: values.org }),
    network: {
      allowCustomHosts: values["allow-custom-hosts"] === true,
      allowPrivateNetworks: values["allow-private-networks"] === true,
    },
  });
  const ui = values.ui
    ? { directory: adminConsoleDirectory(), organizationId: values.org ?? DEFAULT_ORG, token }
    : undefined;
  const server = await serve(backend, {
    port,
    ...(values.host === undefined ? {} : { host: values.host }),
    ...(cors === undefined ? {} : { cors }),
    ...(ui === undefined ? {} : { ui }),
  });
  const storeLabel =
    database !== undefined
      ? `postgres, schema ${database.schema ?? DEFAULT_SCHEMA} (secrets encrypted)`
      : values.file === undefined
        ? "memory (lost on exit)"
        : `file ${values.file} (encrypted)`;
  if (values.json) {
    io.stdout(
      `${JSON.stringify({
        url: server.url,
        port: server.port,
        store: database !== undefined ? "postgres" : values.file === undefined ? "memory" : "file",
        ...(givenToken === undefined ? { token } : {}),
        ...(ui === undefined ? {} : { ui: server.loginUrl }),
      })}\n`,
    );
  } else {
    io.stdout(
      [
        `byokit local backend listening on ${server.url}${bindNote(values.host, server.port)}`,
        givenToken === undefined ? `admin token (generated): ${token}` : "admin token: as given",
        `store: ${storeLabel}`,
        ...(ui === undefined
          ? []
          : [
              `admin console: ${server.loginUrl} (one-time login link; organization ${ui.organizationId})`,
            ]),
        `try: BYOKIT_URL=${server.url} EDGEE_ORGANIZATION_ID=${values.org ?? DEFAULT_ORG} EDGEE_CONSOLE_API_TOKEN=<token> byokit keys list`,
        "",
      ].join("\n"),
    );
  }
  const exposure = networkWarning(values.host);
  if (exposure) io.stderr(`warning: ${exposure}\n`);
  await io.untilShutdown();
  await server.close();
  await store.close?.();
  return EXIT.ok;
}

/**
 * The built console next to the CLI: `dist/ui/` beside `dist/cli.js`. Checked before listening,
 * so a missing build is a clear error rather than a blank page.
 */
function adminConsoleDirectory(): string {
  const directory = fileURLToPath(new URL("./ui/", import.meta.url));
  if (!existsSync(`${directory}index.html`)) {
    throw new UsageError("--ui needs the built admin console (dist/ui): run `npm run build` first");
  }
  return directory;
}

/** `key_staging=Staging` → `{ id: "key_staging", name: "Staging" }`; the name defaults to the id. */
function parseApiKeys(specs: readonly string[]): LocalApiKey[] {
  return specs.map((spec) => {
    const [id = "", ...name] = spec.split("=");
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(id)) {
      throw new UsageError("--api-key must be ID or ID=NAME, with an id such as key_staging");
    }
    return { id, name: name.join("=") || id };
  });
}

/**
 * `--cors` values: `*`, or origins `scheme://host[:port]` (no path, query or credentials),
 * checked before listening so a typo is not silently a CORS policy that allows nothing.
 */
export function parseCors(specs: readonly string[] | undefined): true | string[] | undefined {
  if (specs === undefined) return undefined;
  if (specs.includes("*")) return true;
  for (const spec of specs) {
    if (!isOrigin(spec)) {
      throw new UsageError(
        "--cors must be * or an origin such as http://localhost:5173 (scheme://host[:port], no path)",
      );
    }
  }
  return [...specs];
}

function isOrigin(spec: string): boolean {
  if (!/^https?:\/\/[^/?#@\s]+$/i.test(spec)) return false;
  try {
    const url = new URL(spec);
    return url.origin !== "null" && url.origin.toLowerCase() === spec.toLowerCase();
  } catch {
    return false;
  }
}

/**
 * `--file` must be in an existing, writable directory: checked at start, so a typo stops
 * `serve` now rather than failing the first write (the file itself may not exist yet).
 */
async function checkStoreDirectory(file: string): Promise<void> {
  const directory = dirname(resolvePath(file));
  try {
    if (!(await stat(directory)).isDirectory()) throw new Error("not a directory");
    await access(directory, constants.W_OK);
  } catch {
    throw new UsageError(
      `--file: the directory ${directory} does not exist or is not writable; create it first`,
    );
  }
}

/** Hosts that listen on every interface. */
const ALL_INTERFACES = new Set(["0.0.0.0", "::", "[::]"]);

/** ` (bound to 0.0.0.0:PORT, all interfaces)` when the URL shown is not the bind address. */
export function bindNote(host: string | undefined, port: number): string {
  if (host === undefined || !ALL_INTERFACES.has(host)) return "";
  const bound = host.includes(":") ? `[::]:${port}` : `${host}:${port}`;
  return ` (bound to ${bound}, all interfaces)`;
}

/** A warning when the server is reachable from other machines, else `undefined`. */
export function networkWarning(host: string | undefined): string | undefined {
  if (host === undefined || /^(?:localhost|127(?:\.\d{1,3}){3}|::1|\[::1\])$/i.test(host)) {
    return undefined;
  }
  return `listening on ${host}: reachable from the network by anyone who can reach this machine; the admin token is the only protection (use --host 127.0.0.1 to stay local)`;
}
