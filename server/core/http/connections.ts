import type { Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Duplex } from 'node:stream';

export interface ConnectionDrain {
  /** Stops accepting connections, lets requests in progress finish within `graceMs`, then closes every socket. */
  drain(graceMs: number): Promise<void>;
}

/**
 * Tracks the HTTP server's sockets and how many requests each is serving. Node's own close() waits for
 * every connection, and knows nothing of upgraded ones (WebSockets), so one open socket kept SIGTERM from
 * ever finishing (audit #13). Sockets serving no request (idle keep-alive, upgraded, headers still arriving)
 * are closed at once; the others when their response is done or the grace period ends.
 */
export function trackConnections(server: Server): ConnectionDrain {
  const inFlight = new Map<Duplex, number>();
  server.on('connection', (socket: Duplex) => {
    if (inFlight.has(socket)) return; // given back by serveAsOrdinaryRequest
    inFlight.set(socket, 0);
    socket.once('close', () => inFlight.delete(socket));
  });
  server.on(
    'request',
    (request: { socket: Duplex }, response: { once(event: 'close', listener: () => void): void }) => {
      const socket = request.socket;
      inFlight.set(socket, (inFlight.get(socket) ?? 0) + 1);
      response.once('close', () => {
        if (inFlight.has(socket)) inFlight.set(socket, Math.max(0, inFlight.get(socket)! - 1));
      });
    },
  );

  const closeUnused = (): void => {
    for (const [socket, requests] of inFlight) if (requests === 0) socket.destroy();
  };

  return {
    async drain(graceMs: number): Promise<void> {
      if (server.listening) server.close();
      const deadline = Date.now() + graceMs;
      closeUnused();
      while (inFlight.size > 0 && Date.now() < deadline) {
        await sleep(50);
        closeUnused();
      }
      for (const socket of inFlight.keys()) socket.destroy();
    },
  };
}
