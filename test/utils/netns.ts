import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const NAME_PREFIX = 'shoal-p2p-';

/**
 * A network namespace for browsers, joined to this machine's namespace by a veth pair: 198.18.0.1 on this side
 * (where the test's servers listen), 198.18.0.2 inside. Chromium never uses loopback for WebRTC, so browsers that
 * must reach each other run inside, on a real interface. Packets leaving the namespace arrive here and are not
 * forwarded further, so nothing reaches any other host. Needs root (CI runs as root).
 */
export class NetworkNamespace {
  static readonly HOST_ADDRESS = '198.18.0.1';
  static readonly INNER_ADDRESS = '198.18.0.2';

  private constructor(
    readonly name: string,
    private readonly hostLink: string,
    private readonly folder: string,
  ) {}

  static async create(): Promise<NetworkNamespace> {
    await removeLeftovers();
    const id = randomBytes(3).toString('hex');
    const name = `${NAME_PREFIX}${id}`;
    // Interface names are limited to 15 characters.
    const [hostLink, innerLink] = [`shp${id}h`, `shp${id}n`];
    const folder = await mkdtemp(path.join(tmpdir(), 'shoal-netns-'));
    const namespace = new NetworkNamespace(name, hostLink, folder);
    try {
      await ip('netns', 'add', name);
      await ip('link', 'add', hostLink, 'type', 'veth', 'peer', 'name', innerLink, 'netns', name);
      await ip('addr', 'add', `${NetworkNamespace.HOST_ADDRESS}/24`, 'dev', hostLink);
      await ip('link', 'set', hostLink, 'up');
      await writeFile(`/proc/sys/net/ipv4/conf/${hostLink}/forwarding`, '0');
      await ip('-n', name, 'link', 'set', 'lo', 'up');
      await ip('-n', name, 'addr', 'add', `${NetworkNamespace.INNER_ADDRESS}/24`, 'dev', innerLink);
      await ip('-n', name, 'link', 'set', innerLink, 'up');
      // Without a default route Chromium gathers no ICE candidates.
      await ip('-n', name, 'route', 'add', 'default', 'via', NetworkNamespace.HOST_ADDRESS);
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

/** Namespaces of an earlier run that was killed: their veth would hold 198.18.0.1. */
async function removeLeftovers(): Promise<void> {
  const { stdout } = await run('ip', ['netns', 'list']);
  for (const line of stdout.split('\n')) {
    const name = line.split(' ')[0];
    if (name.startsWith(NAME_PREFIX)) await ip('netns', 'delete', name).catch(() => undefined);
  }
}
