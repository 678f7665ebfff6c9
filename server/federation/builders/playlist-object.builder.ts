import { ACTIVITY_STREAMS_PUBLIC } from '../../../shared/models/activitypub/common-objects.js';
import type { PlaylistElementObject, PlaylistObject } from '../../../shared/models/activitypub/playlist-object.js';
import { VideoPlaylistPrivacy } from '../../../shared/models/videos/video-playlist.model.js';
import type { VideoPlaylistEntity } from '../../modules/playlists/video-playlist.entity.js';
import { THUMBNAIL_SIZE } from '../../core/media/image-sizes.js';
import { COLLECTION_PAGE_SIZE } from '../collections/ordered-collection.js';

/** A page of a playlist's elements: their ids, and how many the playlist has. */
export interface PlaylistElementsPage {
  elementIds: string[];
  total: number;
}

/** A local element's ActivityPub id, as PeerTube builds it. */
export const localPlaylistElementUrl = (playlistUrl: string, elementId: number): string =>
  `${playlistUrl}/videos/${elementId}`;

/**
 * Whom a playlist's documents address, as PeerTube does: a public one the public in `to` and the owner's followers in
 * `cc`; an unlisted one nobody in `to` and the public in `cc` (PeerTube takes a playlist with the public in `to` for
 * a public one).
 */
export function playlistAudience(privacy: VideoPlaylistPrivacy, followersUrl: string): { to: string[]; cc: string[] } {
  return privacy === VideoPlaylistPrivacy.Public
    ? { to: [ACTIVITY_STREAMS_PUBLIC], cc: [followersUrl] }
    : { to: [], cc: [ACTIVITY_STREAMS_PUBLIC] };
}

/**
 * A local playlist's `Playlist` object, the one document PeerTube reads a playlist from: an OrderedCollection of its
 * element ids. Without `page`, the total and the first page's URL (what activities carry); with `page` (from 1),
 * that page's element ids with `partOf` and `next`, as PeerTube pages it. `iconUrl`: the picture of its first video.
 */
export function buildPlaylistObject(
  playlist: VideoPlaylistEntity,
  page: number | undefined,
  elements: PlaylistElementsPage,
  iconUrl?: string,
): PlaylistObject {
  const base: PlaylistObject = {
    id: page === undefined ? playlist.url : `${playlist.url}?page=${page}`,
    type: 'Playlist',
    name: playlist.name,
    content: playlist.description,
    mediaType: 'text/markdown',
    uuid: playlist.uuid,
    totalItems: elements.total,
    attributedTo: playlist.channel ? [playlist.channel.actor.url] : [],
    ...(iconUrl && { icon: { type: 'Image', url: iconUrl, mediaType: 'image/jpeg', ...THUMBNAIL_SIZE } }),
    published: playlist.createdAt.toISOString(),
    updated: playlist.updatedAt.toISOString(),
    videoChannelPosition: null,
    ...playlistAudience(playlist.privacy, playlist.ownerAccount.actor.followersUrl),
  };
  if (page === undefined) return { ...base, ...(elements.total > 0 && { first: `${playlist.url}?page=1` }) };
  return {
    ...base,
    partOf: playlist.url,
    orderedItems: elements.elementIds,
    ...(elements.total > page * COLLECTION_PAGE_SIZE && { next: `${playlist.url}?page=${page + 1}` }),
  };
}

/** One element of a local playlist; timestamps only when set, as PeerTube writes them. */
export function buildPlaylistElementObject(
  playlistUrl: string,
  element: { id: number; position: number; startTimestamp: number | null; stopTimestamp: number | null },
  videoUrl: string,
): PlaylistElementObject {
  return {
    id: localPlaylistElementUrl(playlistUrl, element.id),
    type: 'PlaylistElement',
    url: videoUrl,
    position: element.position,
    ...(element.startTimestamp !== null && { startTimestamp: element.startTimestamp }),
    ...(element.stopTimestamp !== null && { stopTimestamp: element.stopTimestamp }),
  };
}
