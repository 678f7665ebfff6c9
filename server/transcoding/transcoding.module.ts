import { Global, Module } from '@nestjs/common';
import { IMAGE_PROCESSOR } from '../core/media/image-processor.js';
import { MEDIA_PROBE } from '../core/media/media-probe.js';
import { StoryboardsModule } from '../modules/storyboards/storyboards.module.js';
import { TORRENT_MAKER } from '../core/media/torrent-maker.js';
import { VideosModule } from '../modules/videos/videos.module.js';
import { FfmpegImageProcessor } from './ffmpeg/ffmpeg-image-processor.js';
import { FfprobeMediaProbe } from './ffmpeg/ffprobe-media-probe.js';
import { RenditionTorrents } from './torrent/rendition-torrents.js';
import { VideoTorrentMaker } from './torrent/video-torrent-maker.js';
import { VideoTranscodingProcessor } from './video-transcoding.processor.js';

/**
 * ffmpeg, torrents and the transcoding jobs; also provides what modules use through MEDIA_PROBE (the media probe),
 * IMAGE_PROCESSOR (avatar and banner sizes) and TORRENT_MAKER (the torrent of an upload kept as a web video).
 */
@Global()
@Module({
  imports: [VideosModule, StoryboardsModule],
  providers: [
    FfprobeMediaProbe,
    { provide: MEDIA_PROBE, useExisting: FfprobeMediaProbe },
    FfmpegImageProcessor,
    { provide: IMAGE_PROCESSOR, useExisting: FfmpegImageProcessor },
    VideoTorrentMaker,
    { provide: TORRENT_MAKER, useExisting: VideoTorrentMaker },
    RenditionTorrents,
    VideoTranscodingProcessor,
  ],
  exports: [MEDIA_PROBE, IMAGE_PROCESSOR, TORRENT_MAKER],
})
export class TranscodingModule {}
