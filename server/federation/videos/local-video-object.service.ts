import { Inject, Injectable } from '@nestjs/common';
import type { VideoChaptersObject, VideoObject } from '../../../shared/models/activitypub/video-object.js';
import type { VideoDetails } from '../../../shared/models/videos/video.model.js';
import type { AppConfig } from '../../core/config/config.js';
import { APP_CONFIG } from '../../core/config/config.module.js';
import { FILE_STORE, type FileStore } from '../../core/storage/file-store.js';
import { StoragePaths } from '../../core/storage/storage-paths.js';
import { formatCaption } from '../../modules/captions/caption.formatter.js';
import { CaptionsRepository } from '../../modules/captions/captions.repository.js';
import { ChaptersRepository } from '../../modules/chapters/chapters.repository.js';
import { formatStoryboard } from '../../modules/storyboards/storyboard.formatter.js';
import { StoryboardsRepository } from '../../modules/storyboards/storyboards.repository.js';
import type { VideoEntity } from '../../modules/videos/video.entity.js';
import { ACTIVITY_PUB_CONTEXT } from '../activitypub/contexts.js';
import { buildLocalVideoObject, videoChaptersUrl } from '../builders/video-object.builder.js';

/** A local video's Video object with what it carries from other tables (captions, storyboard), and its chapters. */
@Injectable()
export class LocalVideoObjectService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(FILE_STORE) private readonly store: FileStore,
    private readonly paths: StoragePaths,
    private readonly captions: CaptionsRepository,
    private readonly storyboards: StoryboardsRepository,
    private readonly chapters: ChaptersRepository,
  ) {}

  async build(video: VideoEntity, details: VideoDetails): Promise<VideoObject> {
    const [captions, storyboards] = await Promise.all([
      this.captions.listOfVideo(video.id),
      this.storyboards.listOfVideo(video.id),
    ]);
    return buildLocalVideoObject(video, details, this.config.derived.url, {
      captions: captions.map((caption) => formatCaption(caption, this.store, this.paths)),
      storyboard: storyboards[0] ? formatStoryboard(storyboards[0], this.store, this.paths) : null,
    });
  }

  /** PeerTube's VideoChaptersObject: each chapter runs to the next one, the last to the end of the video. */
  async buildChapters(video: VideoEntity): Promise<VideoChaptersObject> {
    const chapters = await this.chapters.listOfVideo(video.id);
    return {
      '@context': ACTIVITY_PUB_CONTEXT,
      id: videoChaptersUrl(video.url),
      hasPart: chapters.map((chapter, index) => ({
        name: chapter.title,
        startOffset: chapter.timecode,
        endOffset: chapters[index + 1]?.timecode ?? video.duration,
      })),
    };
  }
}
