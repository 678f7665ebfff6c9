import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { ProbedMedia } from '../../core/media/media-probe.js';
import { TORRENT_MAKER, type TorrentMaker } from '../../core/media/torrent-maker.js';
import { FILE_STORE, removeInEveryPlace, type FileStore, type FileVisibility } from '../../core/storage/file-store.js';
import { StoragePaths } from '../../core/storage/storage-paths.js';
import { extensionOf } from './video-files.service.js';
import type { FileFields } from './videos.repository.js';

/** The uploaded file in the store as a web video, with its torrent: the row to write and the keys it took. */
export interface SourceWebVideo {
  file: FileFields;
  keys: string[];
}

/**
 * Keeps the uploaded file playable from the moment the upload is accepted, as PeerTube does: a copy in the store as
 * a web video (the source stays where transcoding reads it), its torrent with the file as WebSeed. Transcoding
 * replaces both with the ladder (server/transcoding/video-transcoding.processor.ts).
 */
@Injectable()
export class SourceWebVideoService {
  constructor(
    @Inject(FILE_STORE) private readonly store: FileStore,
    @Inject(TORRENT_MAKER) private readonly torrents: TorrentMaker,
    private readonly paths: StoragePaths,
  ) {}

  async keep(
    video: { uuid: string; name: string; visibility: FileVisibility },
    source: { path: string; filename: string },
    media: ProbedMedia,
  ): Promise<SourceWebVideo> {
    const { resolution, width, height, fps } = dimensionsOf(media);
    const extension = extensionOf(source.filename);
    const filename = this.paths.sourceWebVideoFilename(video.uuid, resolution, extension);
    const torrentFilename = this.paths.torrentFilename(filename);
    const keys = [this.paths.webVideoKey(filename), this.paths.torrentKey(torrentFilename)];
    // Staged beside the uploads: a crash here leaves files that the orphan upload sweep removes.
    await mkdir(this.paths.uploadsDir, { recursive: true });
    const staged = path.join(this.paths.uploadsDir, randomBytes(16).toString('hex'));
    const stagedTorrent = `${staged}.torrent`;
    try {
      await copyFile(source.path, staged);
      const { infoHash } = await this.torrents.create({
        filePath: staged,
        torrentPath: stagedTorrent,
        name: `${video.name} ${resolution === 0 ? 'audio' : `${resolution}p`}${extension}`,
        webSeedUrl: this.store.url(keys[0]),
      });
      // The file before the torrent that names it.
      await this.store.put(staged, this.store.placed(keys[0], video.visibility));
      await this.store.put(stagedTorrent, this.store.placed(keys[1], video.visibility));
      return {
        file: {
          resolution,
          width,
          height,
          fps,
          size: media.sizeBytes,
          hasAudio: media.audio !== undefined,
          hasVideo: media.video !== undefined,
          filename,
          playlistFilename: null,
          torrentFilename,
          infoHash,
        },
        keys,
      };
    } catch (error) {
      await this.discard(keys);
      throw error;
    } finally {
      await Promise.all([staged, stagedTorrent].map((file) => rm(file, { force: true })));
    }
  }

  /** Removes what `keep` stored, when the upload is refused after all (quota, database). */
  async discard(keys: string[]): Promise<void> {
    await Promise.all(keys.map((key) => removeInEveryPlace(this.store, key)));
  }
}

/** PeerTube's resolution of a file: its smaller side (720 for 1280x720 and 720x1280); 0 for audio only. */
function dimensionsOf(media: ProbedMedia): { resolution: number; width: number; height: number; fps: number } {
  if (!media.video) return { resolution: 0, width: 0, height: 0, fps: 0 };
  const { width, height, fps } = media.video;
  return { resolution: Math.min(width, height), width, height, fps: Math.round(fps) };
}
