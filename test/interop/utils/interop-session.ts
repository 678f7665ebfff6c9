import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ResultList } from '../../../shared/models/common.js';
import type { ActorFollow as Follow } from '../../../shared/models/server/follow.model.js';
import { generateClip } from '../../fixtures/media.js';
import { TestInstance } from '../../utils/instance.js';
import { ensurePeer, PEER_HOST, PeerTubeClient, waitUntil } from './peertube-peer.js';

/**
 * What an interop file sets up around the PeerTube peer: the peer running, one fresh Shoal instance with its
 * administrator's token, a scratch folder holding a clip. `end()` leaves the shared peer without a follow of the
 * instance about to disappear. Titles are unique per run, since every file (and every run) shares the peer.
 */
export class InteropSession {
  readonly peer = new PeerTubeClient();
  readonly scratch: string;
  shoal!: TestInstance;
  shoalToken!: string;
  peerToken!: string;
  clip!: string;
  private serial = 0;

  constructor(name: string) {
    this.scratch = mkdtempSync(path.join(tmpdir(), `shoal-interop-${name}-`));
  }

  async begin(clipSeconds = 4): Promise<this> {
    await ensurePeer();
    this.peerToken = await this.peer.rootToken();
    this.clip = await generateClip({
      path: path.join(this.scratch, 'clip.mp4'),
      seconds: clipSeconds,
      width: 320,
      height: 240,
      fps: 25,
    });
    this.shoal = await TestInstance.create();
    await this.shoal.start();
    this.shoalToken = await this.shoal.adminToken();
    return this;
  }

  async end(): Promise<void> {
    if (this.shoal) {
      await this.peer.unfollow(this.shoal.host).catch(() => undefined);
      await this.shoal.destroy();
    }
    rmSync(this.scratch, { recursive: true, force: true });
  }

  title(what: string): string {
    return `${what} ${process.pid}-${++this.serial}`;
  }

  /** Each instance follows the other, accepted on both sides. */
  async followEachOther(): Promise<void> {
    await this.shoal.api.call('post', '/api/v1/server/following', {
      token: this.shoalToken,
      json: { hosts: [PEER_HOST] },
      status: 204,
    });
    await waitUntil('Shoal follows PeerTube', async () => {
      const { data } = await this.shoal.api.call<ResultList<Follow>>('get', '/api/v1/server/following', {
        token: this.shoalToken,
      });
      return data.some((follow) => follow.following.host === PEER_HOST && follow.state === 'accepted');
    });
    await this.peer.follow(this.shoal.host);
    await waitUntil(
      'PeerTube follows Shoal',
      async () => (await this.peer.followingState(this.shoal.host)) === 'accepted',
    );
  }
}
