import { Global, Module } from '@nestjs/common';
import { MEDIA_PROBE } from '../core/media/media-probe.js';
import { StoryboardsModule } from '../modules/storyboards/storyboards.module.js';
import { VideosModule } from '../modules/videos/videos.module.js';
import { FfprobeMediaProbe } from './ffmpeg/ffprobe-media-probe.js';
import { VideoTranscodingProcessor } from './video-transcoding.processor.js';

/** ffmpeg, torrents and the transcoding jobs; also provides the media probe that modules use through MEDIA_PROBE. */
@Global()
@Module({
  imports: [VideosModule, StoryboardsModule],
  providers: [FfprobeMediaProbe, { provide: MEDIA_PROBE, useExisting: FfprobeMediaProbe }, VideoTranscodingProcessor],
  exports: [MEDIA_PROBE],
})
export class TranscodingModule {}
