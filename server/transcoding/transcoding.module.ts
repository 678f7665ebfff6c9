import { Module } from '@nestjs/common';
import { StoryboardsModule } from '../modules/storyboards/storyboards.module.js';
import { VideosModule } from '../modules/videos/videos.module.js';
import { MediaToolsModule } from './media-tools.module.js';
import { RenditionTorrents } from './torrent/rendition-torrents.js';
import { VideoTranscodingProcessor } from './video-transcoding.processor.js';

/** The transcoding jobs (worker processes only); ffmpeg and torrents come from MediaToolsModule. */
@Module({
  imports: [MediaToolsModule, VideosModule, StoryboardsModule],
  providers: [RenditionTorrents, VideoTranscodingProcessor],
})
export class TranscodingModule {}
