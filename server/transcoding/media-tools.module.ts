import { Global, Module } from '@nestjs/common';
import { IMAGE_PROCESSOR } from '../core/media/image-processor.js';
import { MEDIA_PROBE } from '../core/media/media-probe.js';
import { TORRENT_MAKER } from '../core/media/torrent-maker.js';
import { FfmpegImageProcessor } from './ffmpeg/ffmpeg-image-processor.js';
import { FfprobeMediaProbe } from './ffmpeg/ffprobe-media-probe.js';
import { VideoTorrentMaker } from './torrent/video-torrent-maker.js';

/**
 * What modules use of ffmpeg and torrents while answering requests, in every process that serves or works on
 * videos: MEDIA_PROBE (the probe of uploads), IMAGE_PROCESSOR (avatar and banner sizes) and TORRENT_MAKER (the
 * torrent of an upload kept as a web video).
 */
@Global()
@Module({
  providers: [
    FfprobeMediaProbe,
    { provide: MEDIA_PROBE, useExisting: FfprobeMediaProbe },
    FfmpegImageProcessor,
    { provide: IMAGE_PROCESSOR, useExisting: FfmpegImageProcessor },
    VideoTorrentMaker,
    { provide: TORRENT_MAKER, useExisting: VideoTorrentMaker },
  ],
  exports: [MEDIA_PROBE, IMAGE_PROCESSOR, TORRENT_MAKER, FfprobeMediaProbe, FfmpegImageProcessor, VideoTorrentMaker],
})
export class MediaToolsModule {}
