import { Injectable } from '@nestjs/common';
import { rm } from 'node:fs/promises';
import { StoragePaths } from '../../core/storage/storage-paths.js';
import type { VideoEntity } from './video.entity.js';

/** Removes what a video has on disk (its source, renditions, playlists, torrents and images). */
@Injectable()
export class VideoFilesService {
  constructor(private readonly paths: StoragePaths) {}

  async removeAll(video: VideoEntity): Promise<void> {
    const files = [
      ...video.files.flatMap((file) => [
        this.paths.webVideoPath(file.filename),
        ...(file.torrentFilename ? [this.paths.torrentPath(file.torrentFilename)] : []),
      ]),
      this.paths.sourcePath(video.uuid, extensionOf(video.sourceFilename)),
      this.paths.thumbnailPath(video.uuid),
      this.paths.previewPath(video.uuid),
    ];
    await Promise.all(files.map((file) => rm(file, { force: true })));
    await rm(this.paths.hlsVideoDir(video.uuid), { recursive: true, force: true });
  }
}

/** The lowercase extension of an uploaded file's name, e.g. '.mp4'; '' when it has none. */
export function extensionOf(filename: string): string {
  const match = /\.[A-Za-z0-9]{1,8}$/.exec(filename);
  return match ? match[0].toLowerCase() : '';
}
