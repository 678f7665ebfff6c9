/**
 * Load generator of bench/tracker, run as a child process so it does not share a core's time with the server:
 * `tsx bench/tracker-load.ts <ws url> <mode> <infoHashes comma separated> <count> <seconds>`.
 *   rate:    <count> WebSocket clients announce in a loop for <seconds>; prints announces per second.
 *   connect: <count> WebSocket peers each announce once and stay connected; prints when all got answers.
 */
import { randomBytes } from 'node:crypto';
import { WebSocket } from 'ws';

const [url, mode, infoHashList, countText, secondsText] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
];
const infoHashes = infoHashList.split(',').map((hex) => Buffer.from(hex, 'hex').toString('latin1'));
const count = Number(countText);

const announceMessage = (infoHash: string, peerId: string) =>
  JSON.stringify({
    action: 'announce',
    info_hash: infoHash,
    peer_id: peerId,
    uploaded: 0,
    downloaded: 0,
    left: 0,
    numwant: 0,
  });

function open(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

async function rate(seconds: number): Promise<void> {
  let answered = 0;
  let refused = 0;
  const deadline = Date.now() + seconds * 1000;
  const sockets = await Promise.all(Array.from({ length: count }, open));
  await Promise.all(
    sockets.map(
      (socket, index) =>
        new Promise<void>((resolve) => {
          const peerId = randomBytes(10).toString('hex').slice(0, 20);
          const infoHash = infoHashes[index % infoHashes.length];
          socket.on('message', (data: Buffer) => {
            if (data.toString().includes('failure reason')) refused++;
            else answered++;
            if (Date.now() < deadline) socket.send(announceMessage(infoHash, peerId));
            else resolve();
          });
          socket.send(announceMessage(infoHash, peerId));
        }),
    ),
  );
  sockets.forEach((socket) => socket.terminate());
  process.stdout.write(`${JSON.stringify({ announcesPerSecond: answered / seconds, refused })}\n`);
}

async function connect(): Promise<void> {
  const sockets: WebSocket[] = [];
  for (let index = 0; index < count; index++) {
    const socket = await open();
    sockets.push(socket);
    await new Promise<void>((resolve) => {
      socket.once('message', () => resolve());
      socket.send(announceMessage(infoHashes[index % infoHashes.length], randomBytes(10).toString('hex').slice(0, 20)));
    });
  }
  process.stdout.write(`${JSON.stringify({ connected: sockets.length })}\n`);
  // Stay connected until the parent has measured and kills this process.
  await new Promise(() => undefined);
}

if (mode === 'rate') await rate(Number(secondsText));
else await connect();
