import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PROJECT_ROOT } from '../../../server/core/paths.js';

/**
 * The real PeerTube 8 the interop suite federates with: an unmodified upstream server run by
 * ../shared/peertube-peer/peer.sh (beside the project, as on the development and CI machines), at
 * http://localhost:9100 with root / `test`. PEERTUBE_PEER_SCRIPT and PEERTUBE_PEER_URL point elsewhere.
 */
export const PEER_SCRIPT =
  process.env.PEERTUBE_PEER_SCRIPT ?? path.resolve(PROJECT_ROOT, '../shared/peertube-peer/peer.sh');
export const PEER_URL = process.env.PEERTUBE_PEER_URL ?? 'http://localhost:9100';
export const PEER_HOST = new URL(PEER_URL).host;
const PEER_LOG = path.join(process.env.PEER_DIR ?? '/var/tmp/shoal-peertube-peer', 'peertube.log');

/**
 * Starts the peer unless it answers (building it the first time, about a minute). Test files share one peer: the
 * start is serialised with a lock file, and each file only adds state of its own (its Shoal instances' hosts).
 */
export async function ensurePeer(): Promise<void> {
  if (await peerAnswers()) return;
  if (!existsSync(PEER_SCRIPT)) throw new Error(`the PeerTube peer script is missing: ${PEER_SCRIPT}`);
  const port = new URL(PEER_URL).port;
  // Output to a file, not a pipe: the server it starts in the background would keep a pipe open. `flock -o`: the
  // lock's descriptor is not passed on to peer.sh, whose backgrounded server would otherwise hold the lock for as
  // long as it runs, and every later start would wait for it.
  const result = spawnSync(
    'bash',
    ['-c', `flock -o /tmp/shoal-peertube-peer.lock "$0" start >>/tmp/shoal-peertube-peer-start.log 2>&1`, PEER_SCRIPT],
    { stdio: 'ignore', timeout: 600_000, env: { ...process.env, PEER_PORT: port } },
  );
  if (result.status !== 0) {
    const output = existsSync('/tmp/shoal-peertube-peer-start.log')
      ? readFileSync('/tmp/shoal-peertube-peer-start.log', 'utf8').slice(-3000)
      : '';
    throw new Error(`peer.sh start failed (${result.status ?? result.signal}):\n${output}`);
  }
  if (!(await peerAnswers())) throw new Error(`peer.sh start returned, but nothing answers at ${PEER_URL}`);
}

/**
 * Stops the peer (a test of what happens while it is down); ensurePeer starts it again. peer.sh stop signals the
 * shell that started the server, which does not always reach the server itself: whatever still listens on the
 * peer's port is stopped too.
 */
export async function stopPeer(): Promise<void> {
  const stop = () =>
    spawnSync('bash', ['-c', `flock -o /tmp/shoal-peertube-peer.lock "$0" stop`, PEER_SCRIPT], {
      stdio: 'ignore',
      timeout: 120_000,
    });
  stop();
  const port = new URL(PEER_URL).port;
  const listeners = spawnSync('ss', ['-Hltnp', `sport = :${port}`], { encoding: 'utf8' }).stdout;
  const pids = [...listeners.matchAll(/pid=(\d+)/g)].map(([, pid]) => Number(pid));
  for (const pid of pids) process.kill(pid, 'SIGTERM');
  await waitUntil('the PeerTube peer exits', () => Promise.resolve(pids.every((pid) => !isAlive(pid))), 60_000);
  // Again, now that the server is gone: peer.sh forgets it, so that the next start starts it anew.
  stop();
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function peerAnswers(): Promise<boolean> {
  return fetch(`${PEER_URL}/api/v1/config`, { signal: AbortSignal.timeout(5_000) }).then(
    (response) => response.ok,
    () => false,
  );
}

/** Polls `check` until it holds; fails after `timeoutMs`, with the end of the peer's log. */
export async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(500);
  }
  throw new Error(`${what}: not true after ${timeoutMs} ms\nPeerTube's log:\n${peerLogTail()}`);
}

/** The end of the peer's log, to explain in a failure message why PeerTube refused something. */
export function peerLogTail(lines = 40): string {
  if (!existsSync(PEER_LOG)) return '';
  return readFileSync(PEER_LOG, 'utf8').split('\n').slice(-lines).join('\n');
}

export interface PeerVideo {
  id: number;
  uuid: string;
  shortUUID: string;
  name: string;
  description: string | null;
  tags: string[];
  privacy: { id: number };
  state: { id: number };
  isLocal: boolean;
  likes: number;
  dislikes: number;
  views: number;
  viewers: number;
  url: string;
  files: { fileUrl: string; torrentUrl: string; magnetUri: string; resolution: { id: number } }[];
  streamingPlaylists: {
    playlistUrl: string;
    segmentsSha256Url: string;
    files: { fileUrl: string; torrentUrl: string | null; magnetUri: string | null; playlistUrl?: string }[];
  }[];
}

type Body = Record<string, unknown>;

/** PeerTube's REST API v1, as its own clients call it. */
export class PeerTubeClient {
  private token?: string;

  constructor(readonly baseUrl = PEER_URL) {}

  async request(
    method: string,
    apiPath: string,
    options: { body?: Body | FormData; token?: string | null; expect?: number[] } = {},
  ): Promise<{ status: number; body: unknown }> {
    const token = options.token === null ? undefined : (options.token ?? (await this.rootToken()));
    const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
    let body: string | FormData | undefined;
    if (options.body instanceof FormData) body = options.body;
    else if (options.body) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const response = await fetch(`${this.baseUrl}${apiPath}`, { method, headers, body });
    const text = await response.text();
    const parsed: unknown = text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
    const expected = options.expect ?? [200, 204];
    if (!expected.includes(response.status)) {
      throw new Error(`PeerTube ${method} ${apiPath}: ${response.status} ${text.slice(0, 500)}\n${peerLogTail(15)}`);
    }
    return { status: response.status, body: parsed };
  }

  async rootToken(): Promise<string> {
    this.token ??= await this.login('root', 'test');
    return this.token;
  }

  async login(username: string, password: string): Promise<string> {
    const client = (await (await fetch(`${this.baseUrl}/api/v1/oauth-clients/local`)).json()) as Record<string, string>;
    const form = new URLSearchParams({ ...client, grant_type: 'password', username, password });
    const response = await fetch(`${this.baseUrl}/api/v1/users/token`, { method: 'POST', body: form });
    if (!response.ok) throw new Error(`PeerTube login of ${username}: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { access_token: string }).access_token;
  }

  /** Creates a user (with its default channel `<username>_channel`) and answers a token of theirs. */
  async createUser(username: string): Promise<string> {
    await this.request('POST', '/api/v1/users', {
      body: { username, password: 'user-password', email: `${username}@peer.test`, role: 2, videoQuota: -1 },
    });
    return this.login(username, 'user-password');
  }

  async channelIdOf(token: string): Promise<number> {
    const me = (await this.request('GET', '/api/v1/users/me', { token })).body as { videoChannels: { id: number }[] };
    return me.videoChannels[0].id;
  }

  /** Uploads a video and waits until PeerTube has transcoded and published it. */
  async upload(token: string, file: string, fields: { name: string; privacy?: number; tags?: string[] }) {
    const form = new FormData();
    form.set('channelId', String(await this.channelIdOf(token)));
    form.set('name', fields.name);
    form.set('privacy', String(fields.privacy ?? 1));
    for (const tag of fields.tags ?? []) form.append('tags[]', tag);
    form.set('videofile', new Blob([readFileSync(file)], { type: 'video/mp4' }), path.basename(file));
    const { body } = await this.request('POST', '/api/v1/videos/upload', { token, body: form });
    const { uuid } = (body as { video: { uuid: string } }).video;
    await waitUntil(`PeerTube publishes ${uuid}`, async () => (await this.video(uuid, token))?.state.id === 1);
    return uuid;
  }

  /** A video as a client sees it (anonymously unless a token is given); undefined when PeerTube refuses it. */
  async video(id: string, token: string | null = null): Promise<PeerVideo | undefined> {
    const { status, body } = await this.request('GET', `/api/v1/videos/${id}`, { token, expect: [200, 403, 404] });
    return status === 200 ? (body as PeerVideo) : undefined;
  }

  updateVideo(token: string, id: string, fields: Body) {
    return this.request('PUT', `/api/v1/videos/${id}`, { token, body: fields });
  }

  deleteVideo(token: string, id: string) {
    return this.request('DELETE', `/api/v1/videos/${id}`, { token });
  }

  follow(host: string) {
    return this.request('POST', '/api/v1/server/following', { body: { hosts: [host] } });
  }

  unfollow(host: string) {
    return this.request('DELETE', `/api/v1/server/following/peertube@${host}`);
  }

  /** Follow states of this peer towards `host` ('accepted', 'pending'), or undefined. */
  async followingState(host: string): Promise<string | undefined> {
    const { body } = await this.request('GET', `/api/v1/server/following?search=${encodeURIComponent(host)}`);
    const follows = (body as { data: { state: string; following: { host: string } }[] }).data;
    return follows.find((follow) => follow.following.host === host)?.state;
  }

  async followerState(host: string): Promise<string | undefined> {
    const { body } = await this.request('GET', `/api/v1/server/followers?search=${encodeURIComponent(host)}`);
    const follows = (body as { data: { state: string; follower: { host: string } }[] }).data;
    return follows.find((follow) => follow.follower.host === host)?.state;
  }

  blockServer(host: string) {
    return this.request('POST', '/api/v1/server/blocklist/servers', { body: { host } });
  }

  unblockServer(host: string) {
    return this.request('DELETE', `/api/v1/server/blocklist/servers/${host}`);
  }
}
