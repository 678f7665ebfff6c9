import { describe, expect, it } from 'vitest';
import { StoragePaths } from './storage-paths.js';
import { visibilityOfKey } from './storage-move.js';

const privateUuid = '0f8fad5b-d9cb-469f-a165-70867728950e';
const publicUuid = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const paths = new StoragePaths('/data');
const privateVideos = new Set([privateUuid]);

/** Every kind of file of a video, as its store key. */
const keysOf = (uuid: string) => [
  paths.webVideoKey(paths.webVideoFilename(uuid, 720)),
  paths.hlsKey(uuid, paths.hlsMasterFilename(uuid)),
  paths.hlsKey(uuid, paths.legacyHlsMasterFilename),
  paths.torrentKey(paths.hlsTorrentFilename(uuid, 720)),
  paths.thumbnailKey(uuid),
  paths.previewKey(uuid),
  paths.captionKey(paths.captionFilename(uuid, 'fr', 'a1b2c3')),
  paths.storyboardKey(paths.storyboardFilename(uuid)),
];

describe('visibilityOfKey', () => {
  it("puts every file of a private video in the private place, a public one's in the public place", () => {
    for (const key of keysOf(privateUuid)) expect(visibilityOfKey(key, privateVideos), key).toBe('private');
    for (const key of keysOf(publicUuid)) expect(visibilityOfKey(key, privateVideos), key).toBe('public');
  });

  it('keeps sources private and actor images public, whatever UUID they carry', () => {
    expect(visibilityOfKey(paths.sourceKey(publicUuid, '.mp4'), privateVideos)).toBe('private');
    expect(visibilityOfKey(paths.customThumbnailKey(publicUuid), privateVideos)).toBe('private');
    expect(visibilityOfKey(paths.actorImageKey('avatar', `${privateUuid}.png`), privateVideos)).toBe('public');
    expect(visibilityOfKey(paths.actorImageKey('banner', `${privateUuid}.jpg`), privateVideos)).toBe('public');
  });

  it('finds a video in each place of its files that the static file gate knows', () => {
    // Every top-level folder whose files belong to a video is covered by videoFilePrefixes, which the privacy
    // move lists, so a file the move command would put in the private place is also moved back by the job.
    for (const key of keysOf(privateUuid)) {
      expect(
        paths.videoFilePrefixes(privateUuid).some((prefix) => key.startsWith(prefix)),
        key,
      ).toBe(true);
    }
  });
});
