import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user (the embedded postgres runs as `postgres`).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Stops a server left running by a previous Shoal process that was killed before it could stop it
 * (its pid is the first line of `pidFile`). Waits until it has exited.
 */
export async function stopOrphanFromPidFile(
  pidFile: string,
  signal: NodeJS.Signals,
  timeoutMs = 30_000,
): Promise<boolean> {
  if (!existsSync(pidFile)) return false;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || !isProcessAlive(pid)) return false;
  process.kill(pid, signal);
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`process ${pid} from ${pidFile} did not stop within ${timeoutMs} ms`);
    await sleep(100);
  }
  return true;
}

export async function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Finds an executable on PATH (and in the sbin folders Debian keeps servers in). */
export function findExecutable(name: string): string | undefined {
  const folders = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/usr/local/sbin', '/sbin'];
  return folders.map((folder) => path.join(folder, name)).find((candidate) => existsSync(candidate));
}
