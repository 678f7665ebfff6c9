import { describe, expect, it } from 'vitest';
import { StoragePaths } from './storage-paths.js';

const uuid = '0f8fad5b-d9cb-469f-a165-70867728950e';
const paths = new StoragePaths('/data');
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

describe('StoragePaths: file names', () => {
  it("names HLS files in PeerTube 8's patterns", () => {
    expect(paths.hlsMasterFilename(uuid)).toMatch(new RegExp(`^${UUID}-master\\.m3u8$`));
    expect(paths.hlsSegmentsSha256Filename(uuid)).toMatch(new RegExp(`^${UUID}-segments-sha256\\.json$`));
    expect(paths.hlsPlaylistFilename(uuid, 720)).toMatch(new RegExp(`^${UUID}-720\\.m3u8$`));
    expect(paths.hlsFragmentedFilename(uuid, 720)).toMatch(new RegExp(`^${UUID}-720-fragmented\\.mp4$`));
    expect(paths.hlsTorrentFilename(uuid, 720)).toMatch(new RegExp(`^${UUID}-720-hls\\.torrent$`));
    expect(paths.webVideoFilename(uuid, 720)).toMatch(new RegExp(`^${UUID}-720\\.mp4$`));
  });

  it("derives a variant's names from the master's and from its fragmented MP4's, as clients do", () => {
    const master = paths.hlsMasterFilename(uuid);
    for (const resolution of [0, 144, 720, 2160]) {
      expect(master.replace('master', String(resolution))).toBe(paths.hlsPlaylistFilename(uuid, resolution));
      expect(master.replace('master.m3u8', `${resolution}-fragmented.mp4`)).toBe(
        paths.hlsFragmentedFilename(uuid, resolution),
      );
      // PeerTube's playlistUrl of a file: the fragmented MP4 without `-fragmented.mp4`, plus `.m3u8`.
      expect(paths.hlsFragmentedFilename(uuid, resolution).replace(/-fragmented\.mp4$/, '.m3u8')).toBe(
        paths.hlsPlaylistFilename(uuid, resolution),
      );
    }
  });

  it("keeps the uploaded file's name apart from the ladder's, whatever its extension", () => {
    expect(paths.sourceWebVideoFilename(uuid, 720, '.mp4')).not.toBe(paths.webVideoFilename(uuid, 720));
    expect(paths.torrentFilename(paths.sourceWebVideoFilename(uuid, 720, '.webm'))).toBe(`${uuid}-720-source.torrent`);
    expect(paths.torrentFilename(paths.sourceWebVideoFilename(uuid, 720, ''))).toBe(`${uuid}-720-source.torrent`);
    expect(paths.torrentFilename(paths.webVideoFilename(uuid, 720))).toBe(`${uuid}-720.torrent`);
  });
});
