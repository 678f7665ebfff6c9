import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { VideoPlaylistPrivacy, VideoPlaylistType } from '../../../shared/models/videos/video-playlist.model.js';
import { VideoPlaylistEntity } from './video-playlist.entity.js';

/**
 * Gives a new local account its private "Watch later" playlist, as PeerTube does for every user, inside the
 * transaction that creates the account. A plain function rather than a service: the users module creates accounts
 * and cannot import the playlists module, which depends on videos, which depends on users.
 */
export async function createWatchLaterPlaylist(
  manager: EntityManager,
  accountId: number,
  baseUrl: string,
): Promise<void> {
  const uuid = randomUUID();
  await manager.getRepository(VideoPlaylistEntity).insert({
    uuid,
    url: `${baseUrl}/video-playlists/${uuid}`,
    isLocal: true,
    name: 'Watch later',
    description: null,
    privacy: VideoPlaylistPrivacy.Private,
    type: VideoPlaylistType.WatchLater,
    ownerAccountId: accountId,
    channelId: null,
  });
}
