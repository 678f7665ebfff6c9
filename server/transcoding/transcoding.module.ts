import { Global, Module } from '@nestjs/common';
import { MEDIA_PROBE } from '../core/media/media-probe.js';
import { TORRENT_MAKER } from '../core/media/torrent-maker.js';
import { VideosModule } from '../modules/videos/videos.module.js';
import { FfprobeMediaProbe } from './ffmpeg/ffprobe-media-probe.js';
import { RenditionTorrents } from './torrent/rendition-torrents.js';
import { VideoTorrentMaker } from './torrent/video-torrent-maker.js';
import { VideoTranscodingProcessor } from './video-transcoding.processor.js';

/**
 * ffmpeg, torrents and the transcoding jobs; also provides the media probe and the torrent maker that modules use
 * through MEDIA_PROBE and TORRENT_MAKER.
 */
@Global()
@Module({
  imports: [VideosModule],
  providers: [
    FfprobeMediaProbe,
    { provide: MEDIA_PROBE, useExisting: FfprobeMediaProbe },
    VideoTorrentMaker,
    { provide: TORRENT_MAKER, useExisting: VideoTorrentMaker },
    RenditionTorrents,
    VideoTranscodingProcessor,
  ],
  exports: [MEDIA_PROBE, TORRENT_MAKER],
})
export class TranscodingModule {}
