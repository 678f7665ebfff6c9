import path from 'node:path';

/**
 * Every local path and every store key of a video's files, computed in one place. Keys and file names follow
 * PeerTube's layout so its clients and instances find files where they expect them.
 */
export class StoragePaths {
  constructor(private readonly storageDir: string) {}

  // Local working files (never served)
  get uploadsDir(): string {
    return path.join(this.storageDir, 'tmp', 'uploads');
  }
  uploadPath(uploadId: string): string {
    return path.join(this.uploadsDir, uploadId);
  }
  /** Where a transcode writes before its outputs go to the store; one folder per video, wiped at each attempt. */
  transcodingDir(videoUuid: string): string {
    return path.join(this.storageDir, 'tmp', 'transcoding', videoUuid);
  }
  /**
   * Where a transcode reads its inputs (source, custom thumbnail) fetched from an object store: beside its work
   * folder, whose every path is an output's store key.
   */
  transcodingInputsDir(videoUuid: string): string {
    return path.join(this.storageDir, 'tmp', 'transcoding', `${videoUuid}-inputs`);
  }

  // File names, in PeerTube 8's patterns (`<id>-<resolution>.mp4`, `<id>-master.m3u8`, `<id>-<resolution>-hls.torrent`).
  // PeerTube draws a fresh random id per file; Shoal uses the video's UUID for every file of a video, so that a
  // client can derive a variant's name from the master's (replace `master` by the resolution), and so that the
  // static file gate knows the video from the name (server/modules/static-files/served-file.ts).
  webVideoFilename(videoUuid: string, resolution: number): string {
    return `${videoUuid}-${resolution}.mp4`;
  }
  /**
   * The uploaded file, kept as a web video until transcoding replaces it. Its own name, never one of the ladder's:
   * the ladder's MP4 of the same resolution must not overwrite it while its torrent is still the published one.
   */
  sourceWebVideoFilename(videoUuid: string, resolution: number, extension: string): string {
    return `${videoUuid}-${resolution}-source${extension}`;
  }
  hlsPlaylistFilename(videoUuid: string, resolution: number): string {
    return `${videoUuid}-${resolution}.m3u8`;
  }
  hlsFragmentedFilename(videoUuid: string, resolution: number): string {
    return `${videoUuid}-${resolution}-fragmented.mp4`;
  }
  hlsMasterFilename(videoUuid: string): string {
    return `${videoUuid}-master.m3u8`;
  }
  hlsSegmentsSha256Filename(videoUuid: string): string {
    return `${videoUuid}-segments-sha256.json`;
  }
  /** The names of HLS playlists transcoded before Shoal followed PeerTube 8's naming (see docs/architecture.md). */
  readonly legacyHlsMasterFilename = 'master.m3u8';
  readonly legacyHlsSegmentsSha256Filename = 'segments-sha256.json';
  /** The torrent of a web video: its name with `.torrent` for its extension. */
  torrentFilename(videoFilename: string): string {
    return videoFilename.replace(/\.[A-Za-z0-9]+$/, '') + '.torrent';
  }
  /** The torrent of an HLS fragmented MP4, named as PeerTube names them. */
  hlsTorrentFilename(videoUuid: string, resolution: number): string {
    return `${videoUuid}-${resolution}-hls.torrent`;
  }
  imageFilename(videoUuid: string): string {
    return `${videoUuid}.jpg`;
  }

  // Store keys
  /** The uploaded file, kept in the store (never served) for transcoding, and after it with `keep_source`. */
  sourceKey(videoUuid: string, extension: string): string {
    return `sources/${videoUuid}${extension}`;
  }
  /** A thumbnail the uploader sent, kept with the source until the images are made from it. */
  customThumbnailKey(videoUuid: string): string {
    return `sources/${videoUuid}-thumbnail`;
  }
  webVideoKey(filename: string): string {
    return `web-videos/${filename}`;
  }
  hlsFolderKey(videoUuid: string): string {
    return `streaming-playlists/hls/${videoUuid}/`;
  }
  hlsKey(videoUuid: string, filename: string): string {
    return `${this.hlsFolderKey(videoUuid)}${filename}`;
  }
  /** The beginnings of the keys of every file a video has in the served folders (its name starts with its UUID). */
  videoFilePrefixes(videoUuid: string): string[] {
    return [
      `web-videos/${videoUuid}-`,
      `torrents/${videoUuid}-`,
      this.hlsFolderKey(videoUuid),
      `thumbnails/${videoUuid}.`,
      `previews/${videoUuid}.`,
      `video-captions/${videoUuid}-`,
      `storyboards/${videoUuid}-`,
    ];
  }
  torrentKey(filename: string): string {
    return `torrents/${filename}`;
  }
  thumbnailKey(videoUuid: string): string {
    return `thumbnails/${this.imageFilename(videoUuid)}`;
  }
  previewKey(videoUuid: string): string {
    return `previews/${this.imageFilename(videoUuid)}`;
  }
  /** Avatars and banners of actors (PeerTube serves them from two folders, flat, by file name). */
  actorImageKey(type: 'avatar' | 'banner', filename: string): string {
    return `${type}s/${filename}`;
  }
  /** Where the sizes of an uploaded avatar or banner are made before they go to the store. */
  actorImageWorkDir(id: string): string {
    return path.join(this.storageDir, 'tmp', 'actor-images', id);
  }

  // Captions and storyboards (their own flat folders, as in PeerTube; names start with the video's UUID, which the
  // static file gate reads to apply the video's privacy)

  /** A caption's file name; `version` changes with each upload, so that other servers' caches see the new file. */
  captionFilename(videoUuid: string, language: string, version: string): string {
    return `${videoUuid}-${language}-${version}.vtt`;
  }

  captionKey(filename: string): string {
    return `video-captions/${filename}`;
  }

  storyboardFilename(videoUuid: string): string {
    return `${videoUuid}-storyboard.jpg`;
  }

  storyboardKey(filename: string): string {
    return `storyboards/${filename}`;
  }
}
