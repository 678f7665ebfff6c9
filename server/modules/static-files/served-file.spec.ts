import { describe, expect, it } from 'vitest';
import { LocalFileStore, SERVED_FOLDERS } from '../../core/storage/file-store.js';
import { StoragePaths } from '../../core/storage/storage-paths.js';
import { resolveServedFile } from './served-file.js';

const uuid = '0f8fad5b-d9cb-469f-a165-70867728950e';
const paths = new StoragePaths('/data');
/** Every kind of file a video has, as its store key. */
const keys = [
  paths.webVideoKey(paths.webVideoFilename(uuid, 720)),
  paths.webVideoKey(paths.sourceWebVideoFilename(uuid, 1080, '.webm')),
  paths.hlsKey(uuid, paths.hlsMasterFilename(uuid)),
  paths.hlsKey(uuid, paths.hlsSegmentsSha256Filename(uuid)),
  paths.hlsKey(uuid, paths.legacyHlsMasterFilename),
  paths.hlsKey(uuid, paths.legacyHlsSegmentsSha256Filename),
  paths.hlsKey(uuid, paths.hlsPlaylistFilename(uuid, 720)),
  paths.hlsKey(uuid, paths.hlsFragmentedFilename(uuid, 720)),
  paths.torrentKey(paths.torrentFilename(paths.webVideoFilename(uuid, 720))),
  paths.torrentKey(paths.torrentFilename(paths.sourceWebVideoFilename(uuid, 1080, '.webm'))),
  paths.torrentKey(paths.hlsTorrentFilename(uuid, 720)),
  paths.thumbnailKey(uuid),
  paths.previewKey(uuid),
  paths.captionKey(paths.captionFilename(uuid, 'pt-br', 'a1b2c3')),
  paths.storyboardKey(paths.storyboardFilename(uuid)),
];
const store = new LocalFileStore('/data', 'http://localhost');
/** The served folder and the raw path under it of a store key, as a client requests it. */
function request(key: string): { prefix: string; path: string } {
  const url = new URL(store.url(key));
  const prefix = SERVED_FOLDERS.find(({ urlPrefix }) => url.pathname.startsWith(`${urlPrefix}/`))!.urlPrefix;
  return { prefix, path: url.pathname.slice(prefix.length) };
}

describe('resolveServedFile', () => {
  it.each(keys)('maps %s to its video', (key) => {
    const { prefix, path } = request(key);
    expect(resolveServedFile(prefix, path)).toEqual({ path, videoUuid: uuid });
  });

  // Each is a way of writing a file name that serve-static (or a case-insensitive store) would resolve to the file.
  const disguises: [string, (path: string) => string][] = [
    ['a dash written %2D', (path) => path.replaceAll('-', '%2D')],
    ['a hex digit written %61', (path) => path.replace('a', '%61')],
    ['every character encoded', (path) => [...path].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('')],
    ['an encoded slash', (path) => path.replaceAll('/', '%2F')],
  ];
  it.each(disguises)('audit #1: finds the video behind %s', (_, disguise) => {
    for (const key of keys) {
      const { prefix, path } = request(key);
      expect(resolveServedFile(prefix, disguise(path)), key).toEqual({ path, videoUuid: uuid });
    }
  });

  it.each([
    ['double encoding', `/${uuid.replace('-', '%252D')}-720.mp4`],
    ['an upper-case UUID', `/${uuid.toUpperCase()}-720.mp4`],
    ['a parent folder', `/../web-videos/${uuid}-720.mp4`],
    ['an encoded parent folder', `/%2E%2E/web-videos/${uuid}-720.mp4`],
    ['a sub-folder', `/x/${uuid}-720.mp4`],
    ['a name without a UUID', '/secret.mp4'],
    ['a UUID later in the name', `/x-${uuid}-720.mp4`],
    ['a NUL byte', `/${uuid}-720.mp4%00.jpg`],
    ['a dot file', `/.${uuid}-720.mp4`],
  ])('audit #1: names no file with %s', (_, path) => {
    expect(() => resolveServedFile('/static/web-videos', path)).toThrow(expect.objectContaining({ status: 404 }));
  });

  it('audit #1: refuses HLS files outside their video folder', () => {
    for (const path of [
      `/hls/${uuid}/../${uuid}/master.m3u8`,
      `/hls/${uuid}/%2E%2E/other/master.m3u8`,
      `/hls/${uuid}/..`,
      `/hls/${uuid}/`,
      `/hls/${uuid}`,
      `/${uuid}/master.m3u8`,
    ]) {
      expect(() => resolveServedFile('/static/streaming-playlists', path), path).toThrow(
        expect.objectContaining({ status: 404 }),
      );
    }
  });

  it('maps an avatar or a banner to its file name, which belongs to no video', () => {
    for (const type of ['avatar', 'banner'] as const) {
      for (const extension of ['.png', '.jpg', '.webp']) {
        const { prefix, path } = request(paths.actorImageKey(type, `${uuid}${extension}`));
        expect(resolveServedFile(prefix, path)).toEqual({ path, actorImage: `${uuid}${extension}` });
      }
    }
    for (const path of [`/${uuid}.svg`, `/${uuid}-1.png`, `/../thumbnails/${uuid}.jpg`, `/${uuid.toUpperCase()}.png`]) {
      expect(() => resolveServedFile('/lazy-static/avatars', path), path).toThrow(
        expect.objectContaining({ status: 404 }),
      );
    }
  });

  it('answers 400 to a malformed percent-encoding', () => {
    expect(() => resolveServedFile('/static/web-videos', `/${uuid}%E0%A4%A-720.mp4`)).toThrow(
      expect.objectContaining({ status: 400, code: 'malformed_request' }),
    );
  });
});
