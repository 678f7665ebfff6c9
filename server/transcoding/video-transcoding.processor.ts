import { Inject, Injectable } from '@nestjs/common';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Job } from 'bullmq';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { VideoState } from '../../shared/models/videos/video-enums.js';
import type { AppConfig } from '../core/config/config.js';
import { APP_CONFIG } from '../core/config/config.module.js';
import { DomainEvents } from '../core/events/domain-events.js';
import { JobName, JobStatus, type JobPayloads } from '../core/jobs/job-catalog.js';
import { JobsService } from '../core/jobs/jobs.service.js';
import { OnJob } from '../core/jobs/on-job.decorator.js';
import { LOGGER } from '../core/logging/logging.module.js';
import { hlsSwarmInfoHashes } from '../core/media/hls-swarm.js';
import { PREVIEW_SIZE, THUMBNAIL_SIZE } from '../core/media/image-sizes.js';
import { MediaProbeError, type ProbedMedia } from '../core/media/media-probe.js';
import { FILE_STORE, removeInEveryPlace, type FileStore, type FileVisibility } from '../core/storage/file-store.js';
import { StoragePaths } from '../core/storage/storage-paths.js';
import { extensionOf } from '../modules/videos/video-files.service.js';
import type { VideoEntity } from '../modules/videos/video.entity.js';
import { fileVisibilityOf, hlsSwarmId } from '../modules/videos/video.formatter.js';
import { VideosRepository, type PublishedFiles, type ReplacedFile } from '../modules/videos/videos.repository.js';
import { StoryboardsRepository, type StoryboardFields } from '../modules/storyboards/storyboards.repository.js';
import { FfprobeMediaProbe, maxPixelsOf } from './ffmpeg/ffprobe-media-probe.js';
import { parseMasterPlaylist } from './ffmpeg/hls.js';
import { planLadder } from './ffmpeg/ladder.js';
import { planStoryboard, type StoryboardOutput } from './ffmpeg/storyboard.js';
import { extractImage, transcodeToLadder, type TranscodeResult } from './ffmpeg/transcode.js';
import { RenditionTorrents, type RenditionFiles } from './torrent/rendition-torrents.js';

const IMAGE_TIMEOUT_MS = 60_000;
const PROGRESS_INTERVAL_MS = 1_000;

type TranscodeJob = Job<JobPayloads[JobName.TranscodeVideo]>;

/** A finished transcode in the work folder: the store keys to publish, in order, and the rows to write. */
interface Outputs {
  workDir: string;
  keys: string[];
  files: PublishedFiles;
  storyboard: StoryboardFields | null;
}

/**
 * The upload pipeline after the bytes are stored: probe -> ladder -> HLS + MP4 (one ffmpeg process) ->
 * thumbnail and preview -> torrents, all in the video's work folder -> into the file store -> publish. Each
 * attempt starts from an empty work folder, store keys are overwritten and the file rows are replaced in one
 * transaction, so a retry after a crash leaves neither half files nor duplicate rows.
 */
@Injectable()
export class VideoTranscodingProcessor {
  private readonly logger: Logger;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) logger: Logger,
    private readonly paths: StoragePaths,
    @Inject(FILE_STORE) private readonly fileStore: FileStore,
    private readonly videos: VideosRepository,
    private readonly probe: FfprobeMediaProbe,
    private readonly events: DomainEvents,
    private readonly storyboards: StoryboardsRepository,
    private readonly torrents: RenditionTorrents,
    private readonly jobs: JobsService,
    private readonly dataSource: DataSource,
  ) {
    this.logger = logger.child({ component: 'transcoding' });
  }

  /** Sources were checked against the limits at upload; this holds the decoder to them too. */
  private get maxPixels(): number {
    return maxPixelsOf(this.config.videos.source_limits);
  }

  @OnJob(JobName.TranscodeVideo)
  async handleTranscodeVideo({ videoId }: JobPayloads[JobName.TranscodeVideo], job: TranscodeJob): Promise<JobStatus> {
    const video = await this.videos.getForTranscoding(videoId);
    if (!video || video.state !== VideoState.ToTranscode) return JobStatus.Skipped;
    const sourceKey = this.fileStore.placed(
      this.paths.sourceKey(video.uuid, extensionOf(video.sourceFilename)),
      'private',
    );
    const workDir = this.paths.transcodingDir(video.uuid);
    const inputsDir = this.paths.transcodingInputsDir(video.uuid);
    const visibility = fileVisibilityOf(video.privacy);
    let replaced: ReplacedFile[];
    let outputs: Outputs;
    try {
      // What an attempt killed mid-way left here is of no use: start clean.
      await rm(workDir, { recursive: true, force: true });
      const sourcePath = await this.fileStore.localCopy(sourceKey, path.join(inputsDir, path.basename(sourceKey)));
      outputs = await this.produce(video, sourcePath, workDir);
      await this.store(outputs, visibility);
      await this.storyboards.replace(video.id, outputs.storyboard);
      const files = outputs.files;
      replaced = await this.dataSource.transaction(async (manager) => {
        const previous = await this.videos.publish(video.id, files, manager);
        await this.events.emit(manager, 'video.published', { videoId: video.id, uuid: video.uuid });
        return previous;
      });
    } catch (error) {
      // A source that does not decode will not decode on a retry either.
      const final = error instanceof MediaProbeError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (final) {
        await this.dataSource.transaction(async (manager) => {
          if (await this.videos.markFailed(manager, video.id, readableReason(error)))
            await this.events.emit(manager, 'video.transcoding-failed', { videoId: video.id });
        });
      }
      if (error instanceof MediaProbeError) return JobStatus.Skipped;
      throw error;
    }
    this.logger.info(
      { videoId, renditions: outputs.files.webVideos.map((file) => file.resolution) },
      'video published',
    );
    // Published: a privacy change meanwhile must still reach these files; its failure is the admin's to see.
    await this.placeAgainIfPrivacyChanged(video.id, visibility).catch((error: unknown) =>
      this.logger.error({ err: error, videoId }, 'could not move the files of a video whose privacy changed'),
    );
    // What is left is tidying up, whose failure leaves files behind and must not fail the video.
    await this.tidyUp(video, sourceKey, [workDir, inputsDir], replaced, outputs.keys).catch((error: unknown) =>
      this.logger.warn({ err: error, videoId }, 'could not remove what transcoding left behind'),
    );
    return JobStatus.Success;
  }

  private async tidyUp(
    video: VideoEntity,
    sourceKey: string,
    workDirs: string[],
    replaced: ReplacedFile[],
    published: string[],
  ): Promise<void> {
    await this.removeReplaced(replaced, published);
    await Promise.all(workDirs.map((dir) => rm(dir, { recursive: true, force: true })));
    if (!this.config.transcoding.keep_source) {
      await Promise.all(
        [sourceKey, this.fileStore.placed(this.paths.customThumbnailKey(video.uuid), 'private')].map((key) =>
          this.fileStore.remove(key),
        ),
      );
    }
  }

  /** Transcodes into the work folder: renditions, playlists, images and torrents, each with its store key. */
  private async produce(video: VideoEntity, sourcePath: string, workDir: string): Promise<Outputs> {
    // The upload already decoded both ends of this file; only its description is needed here.
    const media = await this.probe.probe(sourcePath, { verifyDecoding: false });
    const renditions = planLadder(media, {
      resolutions: [...this.config.transcoding.resolutions],
      maxFps: this.config.transcoding.max_fps,
    });
    const local = (key: string) => path.join(workDir, key);
    const webVideoKey = (resolution: number) =>
      this.paths.webVideoKey(this.paths.webVideoFilename(video.uuid, resolution));
    const hlsKey = (filename: string) => this.paths.hlsKey(video.uuid, filename);
    const result = await transcodeToLadder({
      sourcePath,
      maxPixels: this.maxPixels,
      media,
      renditions,
      segmentSeconds: this.config.transcoding.segment_seconds,
      preset: this.config.transcoding.x264_preset,
      outputs: (rendition) => ({
        mp4Path: local(webVideoKey(rendition.resolution)),
        playlistPath: local(hlsKey(this.paths.hlsPlaylistFilename(video.uuid, rendition.resolution))),
        fragmentedPath: local(hlsKey(this.paths.hlsFragmentedFilename(video.uuid, rendition.resolution))),
      }),
      masterPlaylistPath: local(hlsKey(this.paths.hlsMasterFilename(video.uuid))),
      segmentsSha256Path: local(hlsKey(this.paths.hlsSegmentsSha256Filename(video.uuid))),
      timeoutMs: this.config.transcoding.timeout,
      onProgress: this.progressReporter(video.id),
      storyboard: this.storyboardOutput(video, media, local),
    });
    // Images (ffmpeg) and torrents (hashing in this process) use different resources: overlap them.
    const [torrents, images] = await Promise.all([
      this.torrents.create(video, media, result, local),
      this.extractImages(video, sourcePath, media, local),
    ]);
    // Media before the playlists that name them, the master playlist last: players never see a dangling name.
    const hlsOrder = [
      ...result.renditions.map((output) => output.fragmentedPath),
      ...result.renditions.map((output) => output.playlistPath),
      result.segmentsSha256Path,
      result.masterPlaylistPath,
    ];
    return {
      workDir,
      keys: [
        ...result.renditions.map((output) => path.relative(workDir, output.mp4Path)),
        ...hlsOrder.map((file) => path.relative(workDir, file)),
        ...[...torrents.webVideos, ...torrents.hls].map((file) => this.paths.torrentKey(file.torrentFilename!)),
        ...images,
        ...(result.storyboard ? [path.relative(workDir, result.storyboard.path)] : []),
      ],
      files: this.describe(media, result, torrents, await this.hlsSwarmInfoHashes(video, result)),
      storyboard: result.storyboard && {
        filename: path.basename(result.storyboard.path),
        fileUrl: null,
        totalWidth: result.storyboard.plan.columns * result.storyboard.plan.spriteWidth,
        totalHeight: result.storyboard.plan.rows * result.storyboard.plan.spriteHeight,
        spriteWidth: result.storyboard.plan.spriteWidth,
        spriteHeight: result.storyboard.plan.spriteHeight,
        spriteDuration: result.storyboard.plan.spriteDuration,
      },
    };
  }

  /** The storyboard sheet, written by the ladder's ffmpeg run (PeerTube's sprite layout, see ffmpeg/storyboard.ts). */
  private storyboardOutput(
    video: VideoEntity,
    media: ProbedMedia,
    local: (key: string) => string,
  ): StoryboardOutput | undefined {
    const plan = this.config.storyboards.enabled && media.video && planStoryboard(media.video, media.durationSeconds);
    if (!plan) return undefined;
    return { plan, path: local(this.paths.storyboardKey(this.paths.storyboardFilename(video.uuid))) };
  }

  /** In the place of the video's privacy when the job started (see placeAgainIfPrivacyChanged). */
  private async store(outputs: Outputs, visibility: FileVisibility): Promise<void> {
    for (const key of outputs.keys) {
      await this.fileStore.put(path.join(outputs.workDir, key), this.fileStore.placed(key, visibility));
    }
  }

  /**
   * A privacy change during the transcode had its files moved before these outputs were stored: move them now.
   * Read after the files' rows are published, so a later change sees them and moves them itself.
   */
  private async placeAgainIfPrivacyChanged(videoId: number, storedAs: FileVisibility): Promise<void> {
    const now = await this.videos.getForTranscoding(videoId);
    if (now && fileVisibilityOf(now.privacy) !== storedAs) {
      await this.jobs.enqueue({ name: JobName.PlaceVideoFiles, data: { videoId } });
    }
  }

  /** Thumbnail and preview: from the uploader's picture if there is one, else from a frame of the video. */
  private async extractImages(
    video: VideoEntity,
    sourcePath: string,
    media: ProbedMedia,
    local: (key: string) => string,
  ): Promise<string[]> {
    const customKey = this.fileStore.placed(this.paths.customThumbnailKey(video.uuid), 'private');
    const fromPicture = (await this.fileStore.stat(customKey)) !== undefined;
    if (!fromPicture && !media.video) return [];
    const input = fromPicture
      ? await this.fileStore.localCopy(customKey, path.join(this.paths.transcodingInputsDir(video.uuid), 'thumbnail'))
      : sourcePath;
    // Not the first frame of a video, which is often black.
    const atSeconds = fromPicture ? 0 : Math.min(media.durationSeconds / 2, 5);
    const images = [
      { key: this.paths.thumbnailKey(video.uuid), ...THUMBNAIL_SIZE },
      { key: this.paths.previewKey(video.uuid), ...PREVIEW_SIZE },
    ];
    for (const { key, width, height } of images) {
      await mkdir(path.dirname(local(key)), { recursive: true });
      await extractImage(input, local(key), {
        sourceKind: fromPicture ? 'picture' : 'media',
        maxPixels: this.maxPixels,
        ...{ atSeconds, width, height, timeoutMs: IMAGE_TIMEOUT_MS },
      });
    }
    return images.map((image) => image.key);
  }

  /** The uploaded file's web video and torrent, once the ladder has replaced their rows. */
  private async removeReplaced(replaced: ReplacedFile[], published: string[]): Promise<void> {
    const keys = replaced.flatMap((file) => [
      this.paths.webVideoKey(file.filename),
      ...(file.torrentFilename ? [this.paths.torrentKey(file.torrentFilename)] : []),
    ]);
    await Promise.all(
      keys.filter((key) => !published.includes(key)).map((key) => removeInEveryPlace(this.fileStore, key)),
    );
  }

  /** The P2P swarms of the HLS playlist, from the swarm id players use (client/src/player/hls-player.ts). */
  private async hlsSwarmInfoHashes(video: VideoEntity, result: TranscodeResult): Promise<string[]> {
    const swarmId = hlsSwarmId(
      this.config.derived.url,
      this.paths.hlsKey(video.uuid, path.basename(result.masterPlaylistPath)),
    );
    return hlsSwarmInfoHashes(swarmId, parseMasterPlaylist(await readFile(result.masterPlaylistPath, 'utf8')));
  }

  private describe(
    media: ProbedMedia,
    result: TranscodeResult,
    files: RenditionFiles,
    p2pMediaLoaderInfohashes: string[],
  ): PublishedFiles {
    return {
      duration: Math.round(media.durationSeconds),
      aspectRatio: media.video ? Math.round((media.video.width / media.video.height) * 10_000) / 10_000 : null,
      webVideos: files.webVideos,
      hls: {
        playlistFilename: path.basename(result.masterPlaylistPath),
        segmentsSha256Filename: path.basename(result.segmentsSha256Path),
        p2pMediaLoaderInfohashes,
        files: files.hls,
      },
    };
  }

  /** Stores progress at most once a second, never blocking ffmpeg on the database. */
  private progressReporter(videoId: number): (percent: number) => void {
    let lastWrite = 0;
    return (percent) => {
      const now = Date.now();
      if (now - lastWrite < PROGRESS_INTERVAL_MS) return;
      lastWrite = now;
      this.videos.setTranscodingProgress(videoId, Math.floor(percent)).catch((error: unknown) => {
        this.logger.warn({ err: error, videoId }, 'could not store transcoding progress');
      });
    };
  }
}

function readableReason(error: unknown): string {
  if (error instanceof MediaProbeError) return `The file cannot be transcoded: ${error.detail}`;
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return `Transcoding failed: ${message}`;
}
