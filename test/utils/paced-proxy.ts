import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { Transform, type TransformCallback } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';

const SLICE_BYTES = 16 * 1024;

/**
 * An HTTP reverse proxy in front of an instance that can pace the responses of media paths (WebSeed, HLS segments)
 * to a total rate shared by all of them, like a server short of upload bandwidth. WebSocket upgrades (the
 * tracker) pass through untouched. Counts the media bytes it served.
 */
export class PacedProxy {
  /** Bytes per second shared by every paced response; undefined: no pacing. */
  rate: number | undefined;
  /** False: WebSocket upgrades are refused, as by a reverse proxy configured for plain HTTP only. */
  passWebSockets = true;
  /** The port of the instance behind (known once the instance is created). */
  targetPort = 0;
  mediaBytesServed = 0;
  private nextSendAt = 0;

  private readonly server: Server;
  private address = { url: '', port: 0 };

  private constructor(private readonly mediaPath: RegExp) {
    this.server = createServer((request, response) => this.forward(request, response));
    this.server.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) =>
      this.tunnel(request, socket, head),
    );
  }

  static async start(options: { host: string; mediaPath: RegExp }): Promise<PacedProxy> {
    const proxy = new PacedProxy(options.mediaPath);
    await new Promise<void>((resolve) => proxy.server.listen(0, options.host, resolve));
    const { port } = proxy.server.address() as AddressInfo;
    proxy.address = { url: `http://${options.host}:${port}`, port };
    return proxy;
  }

  get url(): string {
    return this.address.url;
  }

  get port(): number {
    return this.address.port;
  }

  private forward(request: IncomingMessage, response: ServerResponse): void {
    const upstream = httpRequest(
      { host: '127.0.0.1', port: this.targetPort, method: request.method, path: request.url, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        (this.mediaPath.test(request.url ?? '') ? answer.pipe(this.pacer()) : answer).pipe(response);
      },
    );
    upstream.on('error', () => response.destroy());
    request.pipe(upstream);
  }

  /** WebSocket upgrades: replays the request upstream, then relays bytes both ways. */
  private tunnel(request: IncomingMessage, socket: Socket, head: Buffer): void {
    if (!this.passWebSockets) {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      return;
    }
    const upstream = connect(this.targetPort, '127.0.0.1', () => {
      const headers: string[] = [];
      for (let i = 0; i < request.rawHeaders.length; i += 2) {
        headers.push(`${request.rawHeaders[i]}: ${request.rawHeaders[i + 1]}`);
      }
      upstream.write(`${request.method} ${request.url} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n`);
      upstream.write(head);
      socket.pipe(upstream).pipe(socket);
    });
    const close = () => {
      socket.destroy();
      upstream.destroy();
    };
    upstream.on('error', close);
    socket.on('error', close);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private pacer(): Transform {
    const transform: Transform = new Transform({
      transform: (chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) => {
        this.pace(chunk, (slice) => transform.push(slice)).then(() => callback(), callback);
      },
    });
    return transform;
  }

  /** Sends the chunk in slices, each when the shared budget allows it. */
  private async pace(chunk: Buffer, push: (slice: Buffer) => void): Promise<void> {
    for (let offset = 0; offset < chunk.length; offset += SLICE_BYTES) {
      const slice = chunk.subarray(offset, offset + SLICE_BYTES);
      if (this.rate !== undefined) {
        const now = Date.now();
        const sendAt = Math.max(now, this.nextSendAt);
        this.nextSendAt = sendAt + (slice.length / this.rate) * 1000;
        if (sendAt > now) await sleep(sendAt - now);
      }
      this.mediaBytesServed += slice.length;
      push(slice);
    }
  }
}
