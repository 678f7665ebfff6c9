import type { AccountSummary } from '../../../shared/models/actors/actor.model.js';
import type { VideoChannelSummary } from '../../../shared/models/videos/video.model.js';
import {
  VIDEO_PLAYLIST_PRIVACY_LABELS,
  VIDEO_PLAYLIST_TYPE_LABELS,
  type VideoPlaylist,
} from '../../../shared/models/videos/video-playlist.model.js';
import { formatActorImages } from '../actors/actor-image.formatter.js';
import type { ActorEntity } from '../actors/actor.entity.js';
import { toShortUuid } from '../videos/short-uuid.js';
import type { VideoPlaylistEntity } from './video-playlist.entity.js';

function summary(id: number, displayName: string, actor: ActorEntity, host: string) {
  return {
    id,
    name: actor.preferredUsername,
    displayName,
    url: actor.url,
    host: actor.server?.host ?? host,
    avatars: formatActorImages(actor, 'avatar'),
  };
}

/** PeerTube's `VideoPlaylist`; `host` is this instance's, for local owners. */
export function formatPlaylist(
  playlist: VideoPlaylistEntity,
  videosLength: number,
  thumbnailPath: string | null,
  host: string,
): VideoPlaylist {
  const account = playlist.ownerAccount;
  const channel = playlist.channel;
  return {
    id: playlist.id,
    uuid: playlist.uuid,
    shortUUID: toShortUuid(playlist.uuid),
    isLocal: playlist.isLocal,
    url: playlist.url,
    displayName: playlist.name,
    description: playlist.description,
    privacy: { id: playlist.privacy, label: VIDEO_PLAYLIST_PRIVACY_LABELS[playlist.privacy] },
    thumbnailPath,
    ...(thumbnailPath?.startsWith('http') && { thumbnailUrl: thumbnailPath }),
    videosLength,
    type: { id: playlist.type, label: VIDEO_PLAYLIST_TYPE_LABELS[playlist.type] },
    embedPath: `/video-playlists/embed/${playlist.uuid}`,
    createdAt: playlist.createdAt.toISOString(),
    updatedAt: playlist.updatedAt.toISOString(),
    ownerAccount: summary(account.id, account.displayName, account.actor, host) satisfies AccountSummary,
    videoChannelPosition: null,
    videoChannel: channel
      ? (summary(channel.id, channel.displayName, channel.actor, host) satisfies VideoChannelSummary)
      : null,
  };
}
