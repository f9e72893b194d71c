import { ConnectionError } from "../errors/connection-error.js";
import { isIpLiteral, isPrivateAddress } from "./private-address.js";
import { RefusedDestinationError } from "./refused-destination-error.js";

type UndiciModule = typeof import("undici");
type DnsModule = typeof import("node:dns");
type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | import("node:dns").LookupAddress[],
  family?: number,
) => void;

let dispatcher: Promise<unknown> | undefined;

/**
 * Node only: an undici `Agent` (handed to `fetch` as its `dispatcher`) that refuses to connect
 * to a private address, judged on the address each connection resolves to (so DNS cannot slip
 * past: a name is checked when it is looked up, on every new connection) and on IP literals
 * (which Node connects to without a lookup). A name with any private address is refused.
 * undici and `node:dns` are imported here only, through specifiers bundlers cannot follow, so
 * no browser bundle contains them.
 */
export function guardedDispatcher(): Promise<unknown> {
  dispatcher ??= buildDispatcher().catch((error: unknown) => {
    dispatcher = undefined;
    void error;
    // Fail closed: without the check, nothing is sent.
    throw new ConnectionError(
      "byokit could not load undici to check the addresses it connects to; nothing was sent.",
    );
  });
  return dispatcher;
}

async function buildDispatcher(): Promise<unknown> {
  const [undici, dns] = (await Promise.all([
    importNodeOnly(["und", "ici"]),
    importNodeOnly(["node", ":", "dns"]),
  ])) as [UndiciModule, DnsModule];
  const lookup = (
    hostname: string,
    options: import("node:dns").LookupOptions,
    callback: LookupCallback,
  ) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      if (addresses.some(({ address }) => isPrivateAddress(address))) {
        return callback(new RefusedDestinationError(hostname) as NodeJS.ErrnoException, []);
      }
      if (options.all) return callback(null, addresses);
      const [first] = addresses;
      return first === undefined
        ? callback(
            Object.assign(new Error(`no address for ${hostname}`), { code: "ENOTFOUND" }),
            [],
          )
        : callback(null, first.address, first.family);
    });
  };
  const connect = undici.buildConnector({ lookup } as never);
  return new undici.Agent({
    connect: (options, callback) => {
      const host = options.hostname;
      if (isIpLiteral(host) && isPrivateAddress(host)) {
        callback(new RefusedDestinationError(host), null);
        return;
      }
      connect(options, callback);
    },
  });
}

/** `import()` of a Node-only module through a specifier built at run time (see above). */
function importNodeOnly(parts: readonly string[]): Promise<unknown> {
  const specifier = parts.join("");
  return import(/* @vite-ignore */ /* webpackIgnore: true */ specifier);
}
