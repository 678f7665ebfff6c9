import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../core/config/config.js';
import { APP_CONFIG } from '../../core/config/config.module.js';
import type { TorrentMaker } from '../../core/media/torrent-maker.js';
import { createVideoTorrent } from './video-torrent.js';

/** The instance's torrents: its own trackers, the file's public URL as WebSeed. */
@Injectable()
export class VideoTorrentMaker implements TorrentMaker {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async create(input: Parameters<TorrentMaker['create']>[0]): Promise<{ infoHash: string }> {
    const torrent = await createVideoTorrent({
      ...input,
      announceUrls: this.config.derived.trackerUrls,
      createdBy: 'Shoal',
    });
    return { infoHash: torrent.infoHash };
  }
}
