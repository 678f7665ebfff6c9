import { Inject, Injectable } from '@nestjs/common';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Job } from 'bullmq';
import type { Logger } from 'pino';
import { VideoState } from '../../shared/models/videos/video-enums.js';
import type { AppConfig } from '../core/config/config.js';
import { APP_CONFIG } from '../core/config/config.module.js';
import { DomainEvents } from '../core/events/domain-events.js';
import { JobName, JobStatus, type JobPayloads } from '../core/jobs/job-catalog.js';
import { OnJob } from '../core/jobs/on-job.decorator.js';
import { LOGGER } from '../core/logging/logging.module.js';
import { MediaProbeError, type ProbedMedia } from '../core/media/media-probe.js';
import { StoragePaths } from '../core/storage/storage-paths.js';
import { extensionOf } from '../modules/videos/video-files.service.js';
import type { VideoEntity } from '../modules/videos/video.entity.js';
import { VideosRepository, type PublishedFiles } from '../modules/videos/videos.repository.js';
import { FfprobeMediaProbe } from './ffmpeg/ffprobe-media-probe.js';
import { planLadder } from './ffmpeg/ladder.js';
import { removeStaleStaging } from './ffmpeg/staged-outputs.js';
import { extractImage, transcodeToLadder, type TranscodeResult } from './ffmpeg/transcode.js';
import { createVideoTorrent } from './torrent/video-torrent.js';

const THUMBNAIL = { width: 280, height: 157 };
const PREVIEW = { width: 850, height: 480 };
const IMAGE_TIMEOUT_MS = 60_000;
const PROGRESS_INTERVAL_MS = 1_000;

type TranscodeJob = Job<JobPayloads[JobName.TranscodeVideo]>;

/**
 * The upload pipeline after the bytes are stored: probe -> ladder -> HLS + MP4 (one ffmpeg process) ->
 * thumbnail and preview -> torrents -> publish. Outputs are written under temporary names and the file rows are
 * replaced in one transaction, so a retry after a crash leaves neither half files nor duplicate rows.
 */
@Injectable()
export class VideoTranscodingProcessor {
  private readonly logger: Logger;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) logger: Logger,
    private readonly paths: StoragePaths,
    private readonly videos: VideosRepository,
    private readonly probe: FfprobeMediaProbe,
    private readonly events: DomainEvents,
  ) {
    this.logger = logger.child({ component: 'transcoding' });
  }

  @OnJob(JobName.TranscodeVideo)
  async handleTranscodeVideo({ videoId }: JobPayloads[JobName.TranscodeVideo], job: TranscodeJob): Promise<JobStatus> {
    const video = await this.videos.getForTranscoding(videoId);
    if (!video || video.state !== VideoState.ToTranscode) return JobStatus.Skipped;
    const sourcePath = this.paths.sourcePath(video.uuid, extensionOf(video.sourceFilename));
    try {
      const files = await this.transcode(video, sourcePath);
      await this.videos.publish(video.id, files);
      if (!this.config.transcoding.keep_source) await rm(sourcePath, { force: true });
      await this.events.emit('video.published', { videoId: video.id, uuid: video.uuid });
      this.logger.info({ videoId, renditions: files.webVideos.map((file) => file.resolution) }, 'video published');
      return JobStatus.Success;
    } catch (error) {
      // A source that does not decode will not decode on a retry either.
      const final = error instanceof MediaProbeError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (final) await this.videos.markFailed(video.id, readableReason(error));
      if (error instanceof MediaProbeError) return JobStatus.Skipped;
      throw error;
    }
  }

  private async transcode(video: VideoEntity, sourcePath: string): Promise<PublishedFiles> {
    // The upload already decoded both ends of this file; only its description is needed here.
    const media = await this.probe.probe(sourcePath, { verifyDecoding: false });
    const renditions = planLadder(media, {
      resolutions: [...this.config.transcoding.resolutions],
      maxFps: this.config.transcoding.max_fps,
    });
    const outputDirs = [this.paths.webVideosDir, this.paths.hlsVideoDir(video.uuid), this.paths.torrentsDir];
    await Promise.all(outputDirs.map((dir) => mkdir(dir, { recursive: true })));
    // A transcode killed mid-way left its staging folders; none can still be running after the timeout.
    await Promise.all(outputDirs.map((dir) => removeStaleStaging(dir, this.config.transcoding.timeout)));
    const result = await transcodeToLadder({
      sourcePath,
      media,
      renditions,
      segmentSeconds: this.config.transcoding.segment_seconds,
      preset: this.config.transcoding.x264_preset,
      outputs: (rendition) => ({
        mp4Path: this.paths.webVideoPath(this.paths.webVideoFilename(video.uuid, rendition.resolution)),
        playlistPath: this.paths.hlsFilePath(
          video.uuid,
          this.paths.hlsPlaylistFilename(video.uuid, rendition.resolution),
        ),
        fragmentedPath: this.paths.hlsFilePath(
          video.uuid,
          this.paths.hlsFragmentedFilename(video.uuid, rendition.resolution),
        ),
      }),
      masterPlaylistPath: this.paths.hlsFilePath(video.uuid, this.paths.hlsMasterFilename),
      segmentsSha256Path: this.paths.hlsFilePath(video.uuid, this.paths.hlsSegmentsSha256Filename),
      timeoutMs: this.config.transcoding.timeout,
      onProgress: this.progressReporter(video.id),
    });
    // Images (ffmpeg) and torrents (hashing in this process) use different resources: overlap them.
    const [files] = await Promise.all([
      this.describeOutputs(video, media, result),
      media.video ? this.extractImages(video, sourcePath, media) : undefined,
    ]);
    return files;
  }

  private async extractImages(video: VideoEntity, sourcePath: string, media: ProbedMedia): Promise<void> {
    await Promise.all([
      mkdir(this.paths.thumbnailsDir, { recursive: true }),
      mkdir(this.paths.previewsDir, { recursive: true }),
    ]);
    // Not the first frame, which is often black.
    const atSeconds = Math.min(media.durationSeconds / 2, 5);
    const timeoutMs = IMAGE_TIMEOUT_MS;
    await extractImage(sourcePath, this.paths.thumbnailPath(video.uuid), { atSeconds, ...THUMBNAIL, timeoutMs });
    await extractImage(sourcePath, this.paths.previewPath(video.uuid), { atSeconds, ...PREVIEW, timeoutMs });
  }

  private async describeOutputs(
    video: VideoEntity,
    media: ProbedMedia,
    result: TranscodeResult,
  ): Promise<PublishedFiles> {
    const webVideos: PublishedFiles['webVideos'] = [];
    for (const output of result.renditions) {
      const filename = path.basename(output.mp4Path);
      const torrentFilename = this.paths.torrentFilename(filename);
      const torrent = await createVideoTorrent({
        filePath: output.mp4Path,
        torrentPath: this.paths.torrentPath(torrentFilename),
        name: `${video.name} ${output.rendition.resolution}p.mp4`,
        webSeedUrl: this.paths.webVideoUrl(filename),
        announceUrls: this.config.derived.trackerUrls,
        createdBy: 'Shoal',
      });
      webVideos.push({
        ...this.dimensions(output.rendition),
        size: output.mp4Size,
        filename,
        playlistFilename: null,
        torrentFilename,
        infoHash: torrent.infoHash,
      });
    }
    return {
      duration: Math.round(media.durationSeconds),
      aspectRatio: media.video ? Math.round((media.video.width / media.video.height) * 10_000) / 10_000 : null,
      webVideos,
      hls: {
        playlistFilename: path.basename(result.masterPlaylistPath),
        segmentsSha256Filename: path.basename(result.segmentsSha256Path),
        files: result.renditions.map((output) => ({
          ...this.dimensions(output.rendition),
          size: output.fragmentedSize,
          filename: path.basename(output.fragmentedPath),
          playlistFilename: path.basename(output.playlistPath),
          torrentFilename: null,
          infoHash: null,
        })),
      },
    };
  }

  private dimensions(rendition: TranscodeResult['renditions'][number]['rendition']) {
    return {
      resolution: rendition.resolution,
      fps: Math.round(rendition.fps),
      width: rendition.width,
      height: rendition.height,
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
