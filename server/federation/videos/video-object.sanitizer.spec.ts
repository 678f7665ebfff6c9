import { describe, expect, it } from 'vitest';
import { VideoPrivacy } from '../../../shared/models/videos/video-enums.js';
import {
  peerTubeActivity,
  peerTubeDocument,
  peerTubeHost,
  type Json,
  type JsonObject,
} from '../../../test/fixtures/peertube/peertube-fixtures.js';
import { InvalidRemoteDocument } from '../activitypub/remote-document.js';
import { sanitizeVideoObject } from './video-object.sanitizer.js';

// A Video object as PeerTube 8 serves it (captured by test/fixtures/peertube/capture.ts).
const peerTubeVideo = peerTubeDocument('video-object');
const links = peerTubeVideo.url as JsonObject[];
const hls = links.find((link) => link.mediaType === 'application/x-mpegURL')!;
const hlsTags = hls.tag as JsonObject[];

describe('sanitizeVideoObject', () => {
  it("reads PeerTube's Video object: metadata, owners, MP4 with torrent and magnet, HLS with swarms, trackers", () => {
    const { video, attributedTo } = sanitizeVideoObject(peerTubeVideo, peerTubeHost);
    // PeerTube 8 names them by id alone.
    expect(attributedTo).toEqual(peerTubeVideo.attributedTo);
    expect(attributedTo).toEqual([
      expect.stringMatching(/\/accounts\/shoal_fixtures$/),
      expect.stringMatching(/\/video-channels\/shoal_fixtures_boats$/),
    ]);
    expect(video).toMatchObject({
      url: peerTubeVideo.id,
      uuid: peerTubeVideo.uuid,
      name: 'Sailing at dawn',
      description: peerTubeVideo.content,
      privacy: VideoPrivacy.Public,
      category: 15,
      licence: 1,
      language: 'en',
      commentsEnabled: true,
      duration: 3,
      tags: ['sailing', 'sea'],
      thumbnailUrl: expect.stringMatching(/\/lazy-static\/thumbnails\//),
      previewUrl: expect.stringMatching(/\/lazy-static\/previews\//),
      trackerUrls: [`http://${peerTubeHost}/tracker/announce`, `ws://${peerTubeHost}/tracker/socket`],
    });
    // Each MP4 with the torrent and magnet of its height.
    const mp4s = links.filter((link) => link.mediaType === 'video/mp4');
    const ofHeight = (mediaType: string, height: Json) =>
      links.find((link) => link.mediaType === mediaType && link.height === height)!.href;
    expect(mp4s.length).toBeGreaterThan(1);
    expect(video.files).toEqual(
      mp4s.map((mp4) => ({
        resolution: mp4.height,
        size: mp4.size,
        fps: mp4.fps,
        width: mp4.width,
        height: mp4.height,
        // PeerTube names each stream in an `ffprobe_codec_type` hint.
        hasAudio: true,
        hasVideo: true,
        fileUrl: mp4.href,
        torrentUrl: ofHeight('application/x-bittorrent', mp4.height),
        magnetUri: ofHeight('application/x-bittorrent;x-scheme-handler/magnet', mp4.height),
        infoHash: expect.stringMatching(/^[0-9a-f]{40}$/),
      })),
    );
    expect(video.files[0].magnetUri).toContain(`urn:btih:${video.files[0].infoHash}`);
    const fragmented = hlsTags.filter((tag) => tag.mediaType === 'video/mp4');
    expect(video.playlist).toEqual({
      playlistUrl: hls.href,
      segmentsSha256Url: expect.stringMatching(/segments-sha256\.json$/),
      infoHashes: hlsTags.filter((tag) => tag.type === 'Infohash').map((tag) => tag.name),
      files: expect.any(Array),
    });
    expect(video.playlist!.files.map((file) => [file.resolution, file.fileUrl])).toEqual(
      fragmented.map((file) => [file.height, file.href]),
    );
    // PeerTube 8 gives each fragmented MP4 its torrent and magnet, in the playlist's tags.
    const ofTagHeight = (mediaType: string, height: Json) =>
      hlsTags.find((tag) => tag.mediaType === mediaType && tag.height === height)!.href;
    expect(video.playlist!.files.map((file) => [file.torrentUrl, file.magnetUri])).toEqual(
      fragmented.map((file) => [
        ofTagHeight('application/x-bittorrent', file.height),
        ofTagHeight('application/x-bittorrent;x-scheme-handler/magnet', file.height),
      ]),
    );
    expect(video.playlist!.files.every((file) => file.infoHash && file.magnetUri!.includes(file.infoHash))).toBe(true);
  });

  it('reads the streams of an audio-only file without hints, and of hinted files', () => {
    const audio = { type: 'Link', mediaType: 'audio/mp4', href: 'https://peer.example/a.mp4', height: 0, size: 9 };
    const silent = {
      ...audio,
      mediaType: 'video/mp4',
      height: 240,
      attachment: [{ type: 'PropertyValue', name: 'ffprobe_codec_type', value: 'video' }],
    };
    const object = {
      ...peerTubeVideo,
      url: [...links.filter((link) => link.mediaType !== 'video/mp4'), audio, silent],
    };
    const { video } = sanitizeVideoObject(object, peerTubeHost);
    expect(video.files.map((file) => [file.resolution, file.hasAudio, file.hasVideo])).toEqual([
      [0, true, false],
      [240, false, true],
    ]);
  });

  it.each(['Create', 'Update'] as const)('reads the Video object of the %s PeerTube sent', (type) => {
    const object = peerTubeActivity(type).object as JsonObject;
    const { video } = sanitizeVideoObject(object, peerTubeHost);
    expect(video).toMatchObject({ url: object.id, uuid: object.uuid, name: object.name, privacy: VideoPrivacy.Public });
    expect(video.files.length).toBeGreaterThan(0);
    if (type === 'Update') {
      expect(video.name).toBe('Sailing at dusk');
      expect([...video.tags].sort()).toEqual(['dusk', 'sailing']);
    }
  });

  it("reads PeerTube's storyboard, and its captions in each shape PeerTube writes", () => {
    const { video } = sanitizeVideoObject(
      {
        ...peerTubeVideo,
        subtitleLanguage: [
          {
            identifier: 'fr',
            name: 'French',
            automaticallyGenerated: true,
            url: [
              { type: 'Link', mediaType: 'application/x-mpegURL', href: `http://${peerTubeHost}/x.m3u8` },
              { type: 'Link', mediaType: 'text/vtt', href: `http://${peerTubeHost}/lazy-static/video-captions/fr.vtt` },
            ],
          },
          { identifier: 'en', name: 'English', url: `http://${peerTubeHost}/lazy-static/video-captions/en.vtt` },
          // Dropped: a second French caption, a language that is not one, a caption with no WebVTT link.
          { identifier: 'fr', name: 'French', url: `http://${peerTubeHost}/other.vtt` },
          { identifier: '../../x', name: 'x', url: `http://${peerTubeHost}/x.vtt` },
          { identifier: 'de', name: 'German', url: [{ type: 'Link', mediaType: 'text/vtt', href: 'javascript:x' }] },
        ],
      },
      peerTubeHost,
    );
    expect(video.captions).toEqual([
      {
        language: 'fr',
        fileUrl: `http://${peerTubeHost}/lazy-static/video-captions/fr.vtt`,
        automaticallyGenerated: true,
      },
      {
        language: 'en',
        fileUrl: `http://${peerTubeHost}/lazy-static/video-captions/en.vtt`,
        automaticallyGenerated: false,
      },
    ]);
    expect(video.storyboard).toEqual({
      fileUrl: expect.stringMatching(/\/lazy-static\/storyboards\/.+\.jpg$/),
      totalWidth: 576,
      totalHeight: 108,
      spriteWidth: 192,
      spriteHeight: 108,
      spriteDuration: 1,
    });
  });

  it('reads no storyboard from a sheet without its sizes', () => {
    const preview = [
      { type: 'Image', rel: ['storyboard'], url: [{ mediaType: 'image/jpeg', href: `http://${peerTubeHost}/s.jpg` }] },
    ];
    expect(sanitizeVideoObject({ ...peerTubeVideo, preview }, peerTubeHost).video.storyboard).toBeNull();
  });

  it('reads an unlisted video (public only in cc)', () => {
    const unlisted = { ...peerTubeVideo, to: [], cc: ['https://www.w3.org/ns/activitystreams#Public'] };
    expect(sanitizeVideoObject(unlisted, peerTubeHost).video.privacy).toBe(VideoPrivacy.Unlisted);
  });

  it('reads owners given as {type, id} objects, as PeerTube before 8 sends them', () => {
    const [account, channel] = peerTubeVideo.attributedTo as string[];
    const older = {
      ...peerTubeVideo,
      attributedTo: [
        { type: 'Person', id: account },
        { type: 'Group', id: channel },
      ],
    };
    expect(sanitizeVideoObject(older, peerTubeHost).attributedTo).toEqual([account, channel]);
  });

  it('reads commentsEnabled when there is no commentsPolicy', () => {
    const older = { ...peerTubeVideo };
    delete older.commentsPolicy;
    expect(sanitizeVideoObject({ ...older, commentsEnabled: false }, peerTubeHost).video.commentsEnabled).toBe(false);
    expect(sanitizeVideoObject({ ...peerTubeVideo, commentsPolicy: 2 }, peerTubeHost).video.commentsEnabled).toBe(
      false,
    );
  });

  it('drops links that are not http(s)', () => {
    const urls = [...links, { type: 'Link', mediaType: 'video/mp4', href: 'javascript:alert(1)' }];
    expect(sanitizeVideoObject({ ...peerTubeVideo, url: urls }, peerTubeHost).video.files).toHaveLength(
      links.filter((link) => link.mediaType === 'video/mp4').length,
    );
  });

  it('keeps numbers and URLs within what their columns hold', () => {
    const huge = { type: 'Link', mediaType: 'video/mp4', href: `http://${peerTubeHost}/${'a'.repeat(2001)}.mp4` };
    const { video } = sanitizeVideoObject(
      { ...peerTubeVideo, views: 1e12, url: [...links, huge], category: { identifier: '99999999999' } },
      peerTubeHost,
    );
    expect(video.views).toBe(2_147_483_647);
    expect(video.category).toBeNull();
    expect(video.files.map((file) => file.fileUrl)).not.toContain(huge.href);
  });

  it.each([
    ['a duration beyond an integer', { ...peerTubeVideo, duration: 'PT99999999999S' }],
    ['a video of another host', { ...peerTubeVideo, id: 'https://evil.example/videos/watch/x' }],
    ['a private video', { ...peerTubeVideo, to: [], cc: [] }],
    ['no uuid', { ...peerTubeVideo, uuid: 'nope' }],
    ['a bad duration', { ...peerTubeVideo, duration: '42 seconds' }],
    [
      'a channel on another host',
      { ...peerTubeVideo, attributedTo: [(peerTubeVideo.attributedTo as string[])[0], 'https://evil.example/c'] },
    ],
    ['no owner', { ...peerTubeVideo, attributedTo: [] }],
    ['a Note', { ...peerTubeVideo, type: 'Note' }],
  ])('refuses %s', (_case, document) => {
    expect(() => sanitizeVideoObject(document, peerTubeHost)).toThrow(InvalidRemoteDocument);
  });
});
