import type { ActivityIconObject } from './common-objects.js';

/**
 * A video playlist, as PeerTube serves it at its id (`/video-playlists/{uuid}`): an OrderedCollection of
 * PlaylistElement ids under type `Playlist`. Without `?page=` it carries the total and the `first` page's URL; a
 * page carries `orderedItems`, `partOf` and `next`.
 */
export interface PlaylistObject {
  id: string;
  type: 'Playlist';
  name: string;
  content: string | null;
  mediaType: 'text/markdown';
  uuid: string;
  totalItems: number;
  /** The channel, by id alone. */
  attributedTo: string[];
  icon?: ActivityIconObject;
  published: string;
  updated: string;
  videoChannelPosition: number | null;
  first?: string;
  next?: string;
  partOf?: string;
  /** Element ids (PeerTube fetches each element at its id). */
  orderedItems?: string[];
  to?: string[];
  cc?: string[];
}

/** One entry of a playlist, served at its own id (`/video-playlists/{uuid}/videos/{element id}`). */
export interface PlaylistElementObject {
  id: string;
  type: 'PlaylistElement';
  /** The video's id. */
  url: string;
  /** From 1. */
  position: number;
  /** Seconds. */
  startTimestamp?: number;
  stopTimestamp?: number;
}
