import { Global, Module } from '@nestjs/common';
import { IMAGE_PROCESSOR } from '../core/media/image-processor.js';
import { MEDIA_PROBE } from '../core/media/media-probe.js';
import { StoryboardsModule } from '../modules/storyboards/storyboards.module.js';
import { VideosModule } from '../modules/videos/videos.module.js';
import { FfmpegImageProcessor } from './ffmpeg/ffmpeg-image-processor.js';
import { FfprobeMediaProbe } from './ffmpeg/ffprobe-media-probe.js';
import { VideoTranscodingProcessor } from './video-transcoding.processor.js';

/**
 * ffmpeg, torrents and the transcoding jobs; also provides what modules use through MEDIA_PROBE (the media probe) and
 * IMAGE_PROCESSOR (avatar and banner sizes).
 */
@Global()
@Module({
  imports: [VideosModule, StoryboardsModule],
  providers: [
    FfprobeMediaProbe,
    { provide: MEDIA_PROBE, useExisting: FfprobeMediaProbe },
    FfmpegImageProcessor,
    { provide: IMAGE_PROCESSOR, useExisting: FfmpegImageProcessor },
    VideoTranscodingProcessor,
  ],
  exports: [MEDIA_PROBE, IMAGE_PROCESSOR],
})
export class TranscodingModule {}
