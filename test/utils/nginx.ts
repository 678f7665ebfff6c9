import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { findExecutable, findFreePort } from '../../server/core/process/process-utils.js';
import { CONFIG_DIR } from '../../server/core/paths.js';

/** The nginx site the deployment docs recommend (docs/deployment.md). */
export const NGINX_SITE_TEMPLATE = path.join(CONFIG_DIR, 'nginx', 'shoal.conf.template');

export interface NginxSiteOptions {
  /** `host:port` of each api process. */
  apiServers: string[];
  /** `host:port` of the tracker process. */
  trackerServer: string;
  /** Shoal's storage.dir. */
  storageDir: string;
  /** What the site listens on, e.g. `127.0.0.1:8080`. */
  listen: string;
  serverName?: string;
}

/** The site file with its placeholders replaced, as an administrator does it. */
export async function renderNginxSite(options: NginxSiteOptions): Promise<string> {
  const values: Record<string, string> = {
    server_name: options.serverName ?? 'localhost',
    listen: options.listen,
    api_servers: options.apiServers.map((server) => `server ${server};`).join(' '),
    tracker_server: `server ${options.trackerServer};`,
    storage_dir: options.storageDir,
  };
  const template = await readFile(NGINX_SITE_TEMPLATE, 'utf8');
  // The header comment names the placeholders too; only the directives are rendered.
  const rendered = template
    .split('\n')
    .map((line) =>
      line.trimStart().startsWith('#')
        ? line
        : line.replace(/\{\{(\w+)\}\}/g, (whole: string, name: string) => {
            if (!(name in values)) throw new Error(`${NGINX_SITE_TEMPLATE}: unknown placeholder ${whole}`);
            return values[name];
          }),
    )
    .join('\n');
  return rendered;
}

export interface NginxOptions extends Omit<NginxSiteOptions, 'listen'> {
  /** Port to listen on (default: a free one); known before the instances behind it start. */
  port?: number;
  /** Address to listen on (default 127.0.0.1), e.g. the host side of a browsers' network namespace. */
  address?: string;
  /** nginx worker processes (default 1). */
  workers?: number;
}

/**
 * nginx in the foreground with the rendered site, in a temporary prefix of its own (configuration, pid, logs,
 * temporary bodies), on a free loopback port. Needs the Debian `nginx` package.
 */
export class TestNginx {
  private exited?: Promise<void>;

  private constructor(
    readonly port: number,
    readonly address: string,
    private readonly prefix: string,
    private readonly child: ChildProcess,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  static async start(options: NginxOptions): Promise<TestNginx> {
    if (!findExecutable('nginx')) throw new Error('nginx is not installed (Debian: apt-get install nginx)');
    const port = options.port ?? (await findFreePort());
    const address = options.address ?? '127.0.0.1';
    const prefix = await mkdtemp(path.join(tmpdir(), 'shoal-nginx-'));
    await mkdir(path.join(prefix, 'logs'));
    await mkdir(path.join(prefix, 'temp'));
    await writeFile(
      path.join(prefix, 'shoal.conf'),
      await renderNginxSite({ ...options, listen: `${address}:${port}` }),
    );
    await writeFile(path.join(prefix, 'nginx.conf'), mainConfig(prefix, options.workers ?? 1));
    const child = spawn(
      'nginx',
      ['-p', prefix, '-c', path.join(prefix, 'nginx.conf'), '-e', path.join(prefix, 'logs', 'error.log')],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const nginx = new TestNginx(port, address, prefix, child);
    const deadline = Date.now() + 10_000;
    while (!(await accepts(address, port))) {
      if (child.exitCode !== null || Date.now() > deadline) {
        await nginx.stop();
        const log = await readFile(path.join(prefix, 'logs', 'error.log'), 'utf8').catch(() => '');
        throw new Error(`nginx did not start:\n${stderr}${log}`);
      }
      await sleep(50);
    }
    return nginx;
  }

  get url(): string {
    return `http://${this.host}`;
  }

  get host(): string {
    return `${this.address === '127.0.0.1' ? 'localhost' : this.address}:${this.port}`;
  }

  /** nginx's error log (refused upstreams, failed access checks), for a failing test's message. */
  errorLog(): Promise<string> {
    return readFile(path.join(this.prefix, 'logs', 'error.log'), 'utf8').catch(() => '');
  }

  /** Fast shutdown (SIGTERM), then the prefix is removed. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    await this.exited;
    await rm(this.prefix, { recursive: true, force: true });
  }
}

/** The http-level frame around the site: every path under the prefix, nothing of the machine's /etc/nginx. */
function mainConfig(prefix: string, workers: number): string {
  const temp = (name: string) => path.join(prefix, 'temp', name);
  return `daemon off;
worker_processes ${workers};
pid ${path.join(prefix, 'nginx.pid')};
error_log ${path.join(prefix, 'logs', 'error.log')} warn;
${
  // Storage folders of tests are private to the user running them; nginx's workers read them as that user.
  process.getuid?.() === 0 ? 'user root;' : ''
}
events { worker_connections 4096; }
http {
  access_log off;
  default_type application/octet-stream;
  client_body_temp_path ${temp('client_body')};
  proxy_temp_path ${temp('proxy')};
  fastcgi_temp_path ${temp('fastcgi')};
  uwsgi_temp_path ${temp('uwsgi')};
  scgi_temp_path ${temp('scgi')};
  include ${path.join(prefix, 'shoal.conf')};
}
`;
}

function accepts(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, address);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
