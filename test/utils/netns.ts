import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
/** Followed by the creating process's id: a namespace whose process is gone is a leftover of a killed run. */
const NAME_PREFIX = 'shoal-ns-';

/**
 * A network namespace for browsers, joined to this machine's namespace by a veth pair: `hostAddress` (198.18.N.1) on
 * this side, where the test's servers listen, and 198.18.N.2 inside. Chromium never uses loopback for WebRTC, so
 * browsers that must reach each other run inside, on a real interface. Packets leaving the namespace arrive here and
 * are not forwarded further, so nothing reaches any other host. Each namespace has a /24 of its own in the benchmark
 * range 198.18.0.0/15 (N from 1 to 254, never one in use here), so that test files running at once do not share
 * addresses. Needs root (CI runs as root).
 */
export class NetworkNamespace {
  private constructor(
    readonly name: string,
    /** This machine's address on the link, where servers for the browsers listen. */
    readonly hostAddress: string,
    private readonly hostLink: string,
    private readonly folder: string,
  ) {}

  static async create(): Promise<NetworkNamespace> {
    await removeLeftovers();
    const id = randomBytes(3).toString('hex');
    const name = `${NAME_PREFIX}${process.pid}-${id}`;
    const subnet = `198.18.${await freeSubnet()}`;
    // Interface names are limited to 15 characters.
    const [hostLink, innerLink] = [`shn${id}h`, `shn${id}n`];
    const folder = await mkdtemp(path.join(tmpdir(), 'shoal-netns-'));
    const namespace = new NetworkNamespace(name, `${subnet}.1`, hostLink, folder);
    try {
      await ip('netns', 'add', name);
      await ip('link', 'add', hostLink, 'type', 'veth', 'peer', 'name', innerLink, 'netns', name);
      await ip('addr', 'add', `${subnet}.1/24`, 'dev', hostLink);
      await ip('link', 'set', hostLink, 'up');
      await writeFile(`/proc/sys/net/ipv4/conf/${hostLink}/forwarding`, '0');
      await ip('-n', name, 'link', 'set', 'lo', 'up');
      await ip('-n', name, 'addr', 'add', `${subnet}.2/24`, 'dev', innerLink);
      await ip('-n', name, 'link', 'set', innerLink, 'up');
      // Without a default route Chromium gathers no ICE candidates.
      await ip('-n', name, 'route', 'add', 'default', 'via', `${subnet}.1`);
    } catch (error) {
      await namespace.destroy();
      throw error;
    }
    return namespace;
  }

  /** An executable that runs `command` inside the namespace (for tools that take a program path). */
  async wrap(command: string): Promise<string> {
    const script = path.join(this.folder, `${path.basename(command)}-in-netns`);
    await writeFile(script, `#!/bin/sh\nexec ip netns exec ${this.name} ${command} "$@"\n`);
    await chmod(script, 0o755);
    return script;
  }

  async destroy(): Promise<void> {
    // Deleting the namespace deletes its end of the veth pair, and with it this end.
    await ip('netns', 'delete', this.name).catch(() => undefined);
    await ip('link', 'delete', this.hostLink).catch(() => undefined);
    await rm(this.folder, { recursive: true, force: true });
  }
}

async function ip(...args: string[]): Promise<void> {
  try {
    await run('ip', args);
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`ip ${args.join(' ')} failed${stderr ? `: ${stderr}` : ''} (the browser tests need root)`);
  }
}

/** Namespaces of earlier runs that were killed (their process is gone): their veth would hold an address. */
async function removeLeftovers(): Promise<void> {
  const { stdout } = await run('ip', ['netns', 'list']);
  for (const line of stdout.split('\n')) {
    const name = line.split(' ')[0];
    const owner = name.startsWith(NAME_PREFIX) ? Number(name.slice(NAME_PREFIX.length).split('-')[0]) : undefined;
    if (owner !== undefined && !processExists(owner)) await ip('netns', 'delete', name).catch(() => undefined);
  }
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A third byte N for 198.18.N.0/24 that no interface of this machine uses. */
async function freeSubnet(): Promise<number> {
  const { stdout } = await run('ip', ['-o', '-4', 'addr', 'show']);
  const used = new Set([...stdout.matchAll(/inet 198\.18\.(\d+)\./g)].map((match) => Number(match[1])));
  const free = Array.from({ length: 254 }, (_, index) => index + 1).filter((n) => !used.has(n));
  if (free.length === 0) throw new Error('every 198.18.N.0/24 is in use by a namespace');
  return free[Math.floor(Math.random() * free.length)];
}
