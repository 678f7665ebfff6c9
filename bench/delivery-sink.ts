/**
 * The inbox bench/delivery delivers to, in a process of its own: answers 202 to every POST that carries a
 * signature and a digest (400 otherwise), and prints its port on the first line.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const server = http.createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    const signed = typeof request.headers.signature === 'string' && typeof request.headers.digest === 'string';
    response.writeHead(signed ? 202 : 400).end();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log((server.address() as AddressInfo).port));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
