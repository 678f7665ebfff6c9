import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';

// Hop-by-hop names that only make sense for the upgrade the request asked for.
const UPGRADE_HEADERS = new Set(['upgrade', 'http2-settings']);

/**
 * Hands a request that asked for a protocol upgrade nobody here serves back to the HTTP server, as the ordinary
 * request it also is. Once any 'upgrade' listener exists (the tracker's WebSocket), Node gives every request
 * carrying `Upgrade` to those listeners and never to the request handler; Java's HttpClient sends
 * `Upgrade: h2c` on every plain-http request, and those were left unanswered with their sockets open
 * (audit #13). The request line and headers are written back without the upgrade ones, followed by whatever
 * body bytes were already read, and the socket is given to the server again, which parses it like any other.
 */
export function serveAsOrdinaryRequest(server: Server, request: IncomingMessage, socket: Duplex, head: Buffer): void {
  const lines = [`${request.method} ${request.url} HTTP/${request.httpVersion}`];
  const raw = request.rawHeaders;
  for (let index = 0; index < raw.length; index += 2) {
    const [name, value] = [raw[index], raw[index + 1]];
    const lower = name.toLowerCase();
    if (UPGRADE_HEADERS.has(lower)) continue;
    if (lower === 'connection') {
      const kept = value
        .split(',')
        .map((token) => token.trim())
        .filter((token) => token && !UPGRADE_HEADERS.has(token.toLowerCase()));
      if (kept.length > 0) lines.push(`${name}: ${kept.join(', ')}`);
      continue;
    }
    lines.push(`${name}: ${value}`);
  }
  // Node decoded the header bytes as latin1; writing them back the same way restores them exactly.
  socket.unshift(Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), head]));
  server.emit('connection', socket);
}
