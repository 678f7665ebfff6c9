import { Inject, Injectable } from '@nestjs/common';
import path from 'node:path';
import type { ProbedMedia } from '../../core/media/media-probe.js';
import { FILE_STORE, type FileStore } from '../../core/storage/file-store.js';
import { StoragePaths } from '../../core/storage/storage-paths.js';
import type { FileFields } from '../../modules/videos/videos.repository.js';
import type { TranscodeResult } from '../ffmpeg/transcode.js';
import { VideoTorrentMaker } from './video-torrent-maker.js';

/** The file rows of a transcode: each MP4 and each HLS fragmented MP4, with its torrent. */
export interface RenditionFiles {
  webVideos: FileFields[];
  hls: FileFields[];
}

type Rendition = TranscodeResult['renditions'][number];

/**
 * Makes the torrents of a transcode's outputs in its work folder, one per MP4 and one per fragmented MP4 (PeerTube
 * 8 gives every HLS file a torrent and a magnet), each with the file's future public URL as WebSeed.
 */
@Injectable()
export class RenditionTorrents {
  constructor(
    private readonly paths: StoragePaths,
    @Inject(FILE_STORE) private readonly fileStore: FileStore,
    private readonly torrents: VideoTorrentMaker,
  ) {}

  /** `local` maps a store key to its path in the work folder, where the torrents are written under their keys. */
  async create(
    video: { uuid: string; name: string },
    media: ProbedMedia,
    result: TranscodeResult,
    local: (key: string) => string,
  ): Promise<RenditionFiles> {
    const files: RenditionFiles = { webVideos: [], hls: [] };
    for (const output of result.renditions) {
      const { resolution } = output.rendition;
      const torrent = async (filePath: string, torrentFilename: string, webSeedKey: string) => {
        const { infoHash } = await this.torrents.create({
          filePath,
          torrentPath: local(this.paths.torrentKey(torrentFilename)),
          name: `${video.name} ${resolution === 0 ? 'audio' : `${resolution}p`}.mp4`,
          // Where the file will be once stored.
          webSeedUrl: this.fileStore.url(webSeedKey),
        });
        return { torrentFilename, infoHash };
      };
      const webVideo = path.basename(output.mp4Path);
      files.webVideos.push({
        ...renditionFields(output, media),
        size: output.mp4Size,
        filename: webVideo,
        playlistFilename: null,
        ...(await torrent(output.mp4Path, this.paths.torrentFilename(webVideo), this.paths.webVideoKey(webVideo))),
      });
      const fragmented = path.basename(output.fragmentedPath);
      files.hls.push({
        ...renditionFields(output, media),
        size: output.fragmentedSize,
        filename: fragmented,
        playlistFilename: path.basename(output.playlistPath),
        ...(await torrent(
          output.fragmentedPath,
          this.paths.hlsTorrentFilename(video.uuid, resolution),
          this.paths.hlsKey(video.uuid, fragmented),
        )),
      });
    }
    return files;
  }
}

function renditionFields({ rendition }: Rendition, media: ProbedMedia) {
  return {
    resolution: rendition.resolution,
    fps: Math.round(rendition.fps),
    width: rendition.width,
    height: rendition.height,
    // Every rendition keeps the source's audio, if it has any.
    hasAudio: media.audio !== undefined,
    hasVideo: rendition.resolution > 0,
  };
}
