import { Inject, Injectable } from '@nestjs/common';
import { rm } from 'node:fs/promises';
import { FILE_STORE, type FileStore } from '../../core/storage/file-store.js';
import { StoragePaths } from '../../core/storage/storage-paths.js';
import type { VideoEntity } from './video.entity.js';

/** Removes what a video has: its files in the store (the source too, if still there) and its transcoding leftovers. */
@Injectable()
export class VideoFilesService {
  constructor(
    @Inject(FILE_STORE) private readonly store: FileStore,
    private readonly paths: StoragePaths,
  ) {}

  async removeAll(video: VideoEntity): Promise<void> {
    const keys = [
      ...video.files.map((file) => this.paths.webVideoKey(file.filename)),
      // The torrents of the web videos and of the HLS files.
      ...[...video.files, ...video.streamingPlaylists.flatMap((playlist) => playlist.files)].flatMap((file) =>
        file.torrentFilename ? [this.paths.torrentKey(file.torrentFilename)] : [],
      ),
      this.paths.hlsFolderKey(video.uuid),
      this.paths.thumbnailKey(video.uuid),
      this.paths.previewKey(video.uuid),
      this.paths.sourceKey(video.uuid, extensionOf(video.sourceFilename)),
      this.paths.customThumbnailKey(video.uuid),
    ];
    await Promise.all(keys.map((key) => this.store.remove(key)));
    const local = [this.paths.transcodingDir(video.uuid), this.paths.transcodingInputsDir(video.uuid)];
    await Promise.all(local.map((file) => rm(file, { recursive: true, force: true })));
  }
}

/** The lowercase extension of an uploaded file's name, e.g. '.mp4'; '' when it has none. */
export function extensionOf(filename: string): string {
  const match = /\.[A-Za-z0-9]{1,8}$/.exec(filename);
  return match ? match[0].toLowerCase() : '';
}
