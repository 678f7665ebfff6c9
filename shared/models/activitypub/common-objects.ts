/** A JSON-LD `@context`: context URLs and inline term definitions. */
export type JsonLdContext = (string | Record<string, unknown>)[];

/** The ActivityStreams public collection, as audiences name it. */
export const ACTIVITY_STREAMS_PUBLIC = 'https://www.w3.org/ns/activitystreams#Public';

/** An object given by its id, or embedded. */
export type APObjectId = string | { id: string };

export interface ActivityIdentifierObject {
  identifier: string;
  name: string;
  url?: string;
}

export interface ActivityIconObject {
  type: 'Image';
  url: string;
  mediaType: string;
  width: number;
  height: number | null;
}

export interface ActivityHtmlUrlObject {
  type: 'Link';
  mediaType: 'text/html';
  href: string;
}

export interface ActivityVideoUrlObject {
  type: 'Link';
  mediaType: 'video/mp4' | 'audio/mp4';
  href: string;
  height: number;
  width: number | null;
  size: number;
  fps: number;
  attachment?: ActivityVideoUrlObjectAttachment[];
}

export type ActivityVideoUrlObjectAttachment =
  | { type: 'PropertyValue'; name: 'ffprobe_codec_type'; value: 'video' | 'audio' }
  | { type: 'PropertyValue'; name: 'peertube_format_flag'; value: 'web-video' | 'fragmented' };

export interface ActivityBitTorrentUrlObject {
  type: 'Link';
  mediaType: 'application/x-bittorrent';
  href: string;
  height: number;
  width: number | null;
  fps: number | null;
}

export interface ActivityMagnetUrlObject {
  type: 'Link';
  mediaType: 'application/x-bittorrent;x-scheme-handler/magnet';
  href: string;
  height: number;
  width: number | null;
  fps: number | null;
}

/** The segments SHA-256 file of an HLS playlist. */
export interface ActivityPlaylistSegmentHashesObject {
  type: 'Link';
  name: 'sha256';
  mediaType: 'application/json';
  href: string;
}

/** A P2P swarm of an HLS playlist, announced to trackers under this infohash. */
export interface ActivityStreamingPlaylistInfohashesObject {
  type: 'Infohash';
  name: string;
}

/** The HLS master playlist; its `tag` lists the renditions, the SHA-256 file and the swarms. */
export interface ActivityPlaylistUrlObject {
  type: 'Link';
  mediaType: 'application/x-mpegURL';
  href: string;
  tag?: ActivityTagObject[];
}

export interface ActivityTrackerUrlObject {
  type: 'Link';
  rel: ['tracker', 'websocket' | 'http'];
  name: string;
  href: string;
}

export interface ActivityHashTagObject {
  type: 'Hashtag';
  href?: string;
  name: string;
}

export type ActivityTagObject =
  | ActivityPlaylistSegmentHashesObject
  | ActivityStreamingPlaylistInfohashesObject
  | ActivityVideoUrlObject
  | ActivityHashTagObject
  | ActivityBitTorrentUrlObject
  | ActivityMagnetUrlObject;

export type ActivityUrlObject =
  | ActivityVideoUrlObject
  | ActivityPlaylistUrlObject
  | ActivityBitTorrentUrlObject
  | ActivityMagnetUrlObject
  | ActivityHtmlUrlObject
  | ActivityTrackerUrlObject;

export type ActivityPubAttributedTo = { type: 'Group' | 'Person'; id: string } | string;

export interface ActivityTombstoneObject {
  id: string;
  url?: string;
  type: 'Tombstone';
  formerType?: string;
  published: string;
  updated: string;
  deleted: string;
}
