import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { VideoPrivacy } from '../../../shared/models/videos/video-enums.js';
import { PROJECT_ROOT } from '../../core/paths.js';
import { InvalidRemoteDocument } from '../activitypub/remote-document.js';
import { sanitizeVideoObject } from './video-object.sanitizer.js';

// A Video object as a PeerTube instance federates it (test/fixtures/peertube/).
const peerTubeVideo = JSON.parse(
  readFileSync(path.join(PROJECT_ROOT, 'test/fixtures/peertube/video-object.json'), 'utf8'),
) as Record<string, unknown>;
const host = 'peertube.example';

describe('sanitizeVideoObject', () => {
  it("reads PeerTube's Video object: metadata, owners, MP4 with torrent and magnet, HLS with swarms, trackers", () => {
    const { video, attributedTo } = sanitizeVideoObject(peerTubeVideo, host);
    expect(attributedTo).toEqual([
      'https://peertube.example/accounts/alice',
      'https://peertube.example/video-channels/alice_boats',
    ]);
    expect(video).toMatchObject({
      url: 'https://peertube.example/videos/watch/7f3c2b1a-4d5e-4f60-8a9b-0c1d2e3f4a5b',
      uuid: '7f3c2b1a-4d5e-4f60-8a9b-0c1d2e3f4a5b',
      name: 'Sailing at dawn',
      description: 'A short clip.',
      privacy: VideoPrivacy.Public,
      category: 15,
      licence: 1,
      language: 'en',
      duration: 42,
      views: 3,
      tags: ['sailing'],
      thumbnailUrl: expect.stringMatching(/\/lazy-static\/thumbnails\//),
      trackerUrls: ['wss://peertube.example/tracker/socket', 'https://peertube.example/tracker/announce'],
    });
    expect(video.files).toEqual([
      {
        resolution: 720,
        size: 4523311,
        fps: 30,
        width: 1280,
        height: 720,
        fileUrl: 'https://peertube.example/static/web-videos/7f3c2b1a-4d5e-4f60-8a9b-0c1d2e3f4a5b-720.mp4',
        torrentUrl: 'https://peertube.example/lazy-static/torrents/1a2b3c4d-720.torrent',
        magnetUri: expect.stringMatching(/^magnet:\?/),
        infoHash: '0c6b4a7d4e1f0b2a3c5d6e7f8091a2b3c4d5e6f7',
      },
    ]);
    expect(video.playlist).toMatchObject({
      playlistUrl: expect.stringMatching(/master\.m3u8$/),
      segmentsSha256Url: expect.stringMatching(/segments-sha256\.json$/),
      infoHashes: ['2d5b0e7f0d8c4a1e9b3f6c2a7d8e9f0a1b2c3d4e'],
      files: [expect.objectContaining({ resolution: 720, fileUrl: expect.stringMatching(/fragmented\.mp4$/) })],
    });
  });

  it('reads an unlisted video (public only in cc)', () => {
    const unlisted = { ...peerTubeVideo, to: [], cc: ['https://www.w3.org/ns/activitystreams#Public'] };
    expect(sanitizeVideoObject(unlisted, host).video.privacy).toBe(VideoPrivacy.Unlisted);
  });

  it('drops links that are not http(s)', () => {
    const urls = [
      ...(peerTubeVideo.url as object[]),
      { type: 'Link', mediaType: 'video/mp4', href: 'javascript:alert(1)' },
    ];
    expect(sanitizeVideoObject({ ...peerTubeVideo, url: urls }, host).video.files).toHaveLength(1);
  });

  it.each([
    ['a video of another host', { ...peerTubeVideo, id: 'https://evil.example/videos/watch/x' }],
    ['a private video', { ...peerTubeVideo, to: [], cc: [] }],
    ['no uuid', { ...peerTubeVideo, uuid: 'nope' }],
    ['a bad duration', { ...peerTubeVideo, duration: '42 seconds' }],
    [
      'a channel on another host',
      {
        ...peerTubeVideo,
        attributedTo: [
          { type: 'Person', id: 'https://peertube.example/accounts/alice' },
          { type: 'Group', id: 'https://evil.example/c' },
        ],
      },
    ],
    ['a Note', { ...peerTubeVideo, type: 'Note' }],
  ])('refuses %s', (_case, document) => {
    expect(() => sanitizeVideoObject(document, host)).toThrow(InvalidRemoteDocument);
  });
});
