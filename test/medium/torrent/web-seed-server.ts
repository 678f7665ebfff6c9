import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ServedFile {
  /** URL path, e.g. `/static/web-videos/video.mp4`. */
  urlPath: string;
  filePath: string;
  contentType: string;
}

export interface ServedRequest {
  urlPath: string;
  range?: string;
  status: number;
  bytes: number;
}

export interface WebSeedServer {
  /** `http://127.0.0.1:port`, no trailing slash. */
  origin: string;
  /** Every request answered, in order. */
  requests: ServedRequest[];
  close(): Promise<void>;
}

/**
 * A loopback static file server with single-range support (`Range` -> 206), enough to be a BEP 19 WebSeed:
 * WebTorrent does not check for 206, so a server that ignored `Range` would hand it the whole file per piece.
 */
export async function startWebSeedServer(files: ServedFile[]): Promise<WebSeedServer> {
  const requests: ServedRequest[] = [];
  const server = http.createServer((request, response) => {
    const urlPath = new URL(request.url ?? '/', 'http://localhost').pathname;
    const served = files.find((file) => file.urlPath === urlPath);
    const record = (status: number, bytes: number) =>
      requests.push({ urlPath, range: request.headers.range, status, bytes });

    if (!served || (request.method !== 'GET' && request.method !== 'HEAD')) {
      record(404, 0);
      response.writeHead(404).end();
      return;
    }
    stat(served.filePath).then(
      ({ size }) => {
        const range = parseRange(request.headers.range, size);
        if (range === 'unsatisfiable') {
          record(416, 0);
          response.writeHead(416, { 'Content-Range': `bytes */${size}` }).end();
          return;
        }
        const { start, end } = range ?? { start: 0, end: size - 1 };
        const status = range ? 206 : 200;
        const length = end - start + 1;
        response.writeHead(status, {
          'Content-Type': served.contentType,
          'Content-Length': length,
          'Accept-Ranges': 'bytes',
          ...(range ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}),
        });
        record(status, request.method === 'HEAD' ? 0 : length);
        if (request.method === 'HEAD') {
          response.end();
          return;
        }
        createReadStream(served.filePath, { start, end }).pipe(response);
      },
      () => {
        record(500, 0);
        response.writeHead(500).end();
      },
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** One `bytes=` range (first-last, first-, or -suffix); several ranges are answered with the whole file. */
function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | null {
  const match = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!match || (match[1] === '' && match[2] === '')) return null;
  const [first, last] = [match[1], match[2]];
  let start: number;
  let end: number;
  if (first === '') {
    start = Math.max(size - Number(last), 0);
    end = size - 1;
  } else {
    start = Number(first);
    end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  }
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}
