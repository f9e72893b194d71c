import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createServer as createTcpServer, type Socket } from "node:net";

/** A real HTTP server on 127.0.0.1, port 0, that records what it receives. */
export async function recordingServer(answer: (response: ServerResponse) => void) {
  const received: { url: string; headers: IncomingHttpHeaders }[] = [];
  const server = createServer((request, response) => {
    received.push({ url: request.url ?? "", headers: request.headers });
    request.resume();
    answer(response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A bare TCP listener on 127.0.0.1 that counts connections and resets each one. */
export async function resettingListener() {
  let connections = 0;
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.resetAndDestroy();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port on 127.0.0.1 that nothing listens on (it was just freed). */
export async function closedPort(): Promise<number> {
  const listener = await resettingListener();
  await listener.close();
  return listener.port;
}

/**
 * A `fetch` that sends every request to `base` instead of the provider's origin, keeping path,
 * query, method, headers and the caller's `init` (its `redirect` included): real sockets for a
 * probe whose URL is fixed by its provider.
 */
export function rerouteTo(base: string): typeof globalThis.fetch {
  return (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const target = new URL(`${url.pathname}${url.search}`, base);
    return globalThis.fetch(new Request(target, request), init);
  };
}
