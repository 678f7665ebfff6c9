import { describe, expect, it } from 'vitest';
import { VideoPlaylistPrivacy } from '../../../shared/models/videos/video-playlist.model.js';
import { InvalidRemoteDocument } from '../activitypub/remote-document.js';
import { sanitizePlaylistElement, sanitizePlaylistObject, sanitizePlaylistPage } from './playlist-object.sanitizer.js';

const host = 'peertube.example:9000';
const base = `http://${host}`;
const uuid = '0f1a2b3c-4d5e-4f60-8a7b-8c9d0e1f2a3b';
const PUBLIC = 'https://www.w3.org/ns/activitystreams#Public';

// The shape PeerTube 8 serves at a playlist's id (toActivityPubObject + audience).
const playlist = () => ({
  id: `${base}/video-playlists/${uuid}`,
  type: 'Playlist',
  name: 'Favourites',
  content: 'The best ones',
  mediaType: 'text/markdown',
  uuid,
  videoChannelPosition: 1,
  totalItems: 3,
  first: `${base}/video-playlists/${uuid}?page=1`,
  attributedTo: [`${base}/video-channels/root_channel`],
  icon: { type: 'Image', url: `${base}/lazy-static/thumbnails/x.jpg`, mediaType: 'image/jpeg', width: 280 },
  published: '2026-11-30T10:00:00.000Z',
  updated: '2026-11-30T11:00:00.000Z',
  to: [PUBLIC],
  cc: [`${base}/accounts/root/followers`],
});

describe('sanitizePlaylistObject', () => {
  it("reads PeerTube's Playlist object", () => {
    expect(sanitizePlaylistObject(playlist(), host)).toEqual({
      url: `${base}/video-playlists/${uuid}`,
      uuid,
      name: 'Favourites',
      description: 'The best ones',
      privacy: VideoPlaylistPrivacy.Public,
      channelUrl: `${base}/video-channels/root_channel`,
      thumbnailUrl: `${base}/lazy-static/thumbnails/x.jpg`,
      published: new Date('2026-11-30T10:00:00.000Z'),
      updated: new Date('2026-11-30T11:00:00.000Z'),
      first: `${base}/video-playlists/${uuid}?page=1`,
    });
  });

  it("takes the carrying activity's audience first; without the public in `to`, the playlist is unlisted", () => {
    expect(sanitizePlaylistObject(playlist(), host, []).privacy).toBe(VideoPlaylistPrivacy.Unlisted);
    expect(sanitizePlaylistObject({ ...playlist(), to: [], cc: [PUBLIC] }, host).privacy).toBe(
      VideoPlaylistPrivacy.Unlisted,
    );
    expect(sanitizePlaylistObject({ ...playlist(), to: [] }, host, ['as:Public']).privacy).toBe(
      VideoPlaylistPrivacy.Public,
    );
  });

  it('refuses what is not on the origin or lacks a required field, naming it', () => {
    const refused = (document: unknown, message: RegExp) => {
      expect(() => sanitizePlaylistObject(document, host)).toThrow(InvalidRemoteDocument);
      expect(() => sanitizePlaylistObject(document, host)).toThrow(message);
    };
    refused({ ...playlist(), type: 'Video' }, /not a Playlist/);
    refused({ ...playlist(), id: `http://elsewhere.example/video-playlists/${uuid}` }, /id .* is not on/);
    refused(
      { ...playlist(), attributedTo: ['http://elsewhere.example/video-channels/x'] },
      /attributedTo .* is not on/,
    );
    refused({ ...playlist(), attributedTo: [] }, /attributedTo must name one channel/);
    refused({ ...playlist(), uuid: 'nope' }, /uuid/);
    refused({ ...playlist(), name: '' }, /name/);
    refused({ ...playlist(), published: 'yesterday' }, /published/);
    refused({ ...playlist(), id: 'ftp://peertube.example:9000/x' }, /id is not an http/);
  });

  it('bounds and drops what it does not trust: long texts, a first page elsewhere, a bad icon', () => {
    const sanitized = sanitizePlaylistObject(
      {
        ...playlist(),
        name: 'n'.repeat(500),
        content: 'c'.repeat(5000),
        first: 'http://elsewhere.example/page',
        icon: { url: 'javascript:alert(1)' },
      },
      host,
    );
    expect(sanitized.name).toHaveLength(120);
    expect(sanitized.description).toHaveLength(1000);
    expect(sanitized.first).toBeUndefined();
    expect(sanitized.thumbnailUrl).toBeNull();
  });
});

describe('sanitizePlaylistPage and sanitizePlaylistElement', () => {
  it('keeps element ids on the origin, embedded elements, and a next page on the origin', () => {
    const element = {
      id: `${base}/e/3`,
      type: 'PlaylistElement',
      url: 'http://other.example/videos/watch/v',
      position: 3,
    };
    const page = sanitizePlaylistPage(
      {
        type: 'OrderedCollectionPage',
        orderedItems: [`${base}/e/1`, 'http://elsewhere.example/e/2', element, { type: 'Note' }, 42],
        next: `${base}/video-playlists/${uuid}?page=2`,
      },
      host,
    );
    expect(page).toEqual({
      items: [
        `${base}/e/1`,
        { url: `${base}/e/3`, videoUrl: element.url, position: 3, startTimestamp: null, stopTimestamp: null },
      ],
      next: `${base}/video-playlists/${uuid}?page=2`,
    });
    expect(sanitizePlaylistPage({ orderedItems: [], next: 'http://elsewhere.example/p' }, host).next).toBeUndefined();
    const many = sanitizePlaylistPage({ orderedItems: Array.from({ length: 1000 }, (_, n) => `${base}/e/${n}`) }, host);
    expect(many.items).toHaveLength(100);
  });

  it('reads timestamps in seconds and refuses an element without a position or a video', () => {
    const element = {
      id: `${base}/e/1`,
      type: 'PlaylistElement',
      url: `${base}/videos/watch/v`,
      position: 1,
      startTimestamp: 10,
      stopTimestamp: 20,
    };
    expect(sanitizePlaylistElement(element, host)).toMatchObject({ startTimestamp: 10, stopTimestamp: 20 });
    expect(sanitizePlaylistElement({ ...element, startTimestamp: -3, stopTimestamp: 'x' }, host)).toMatchObject({
      startTimestamp: null,
      stopTimestamp: null,
    });
    expect(() => sanitizePlaylistElement({ ...element, position: 'first' }, host)).toThrow(/position/);
    expect(() => sanitizePlaylistElement({ ...element, url: undefined }, host)).toThrow(/url/);
    expect(() => sanitizePlaylistElement({ ...element, id: 'http://elsewhere.example/e/1' }, host)).toThrow(/not on/);
  });
});
