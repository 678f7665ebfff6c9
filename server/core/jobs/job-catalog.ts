import type { ProcessRole } from '../config/process-roles.js';

/**
 * Every background job Shoal runs: its queue, its payload type, and how it is retried.
 * Adding a job means adding its name, its payload, its options row and exactly one `@OnJob` handler;
 * the boot check in JobsService refuses to start otherwise (in the processes that consume its queue).
 */

export enum QueueName {
  Maintenance = 'maintenance',
  Transcoding = 'transcoding',
  Federation = 'federation',
  /** Domain events' consumers (one job per event and consumer), apart from deliveries so they never wait behind them. */
  Events = 'events',
}

/**
 * The role whose processes consume each queue: they alone run its Workers and its job schedulers, and must hold a
 * handler for each of its jobs. Every process may enqueue into every queue.
 */
export const QUEUE_CONSUMERS: Record<QueueName, ProcessRole> = {
  [QueueName.Maintenance]: 'worker',
  [QueueName.Transcoding]: 'worker',
  [QueueName.Federation]: 'worker',
  [QueueName.Events]: 'worker',
};

/** The queues a process with these roles consumes. */
export function consumedQueues(roles: readonly ProcessRole[]): QueueName[] {
  return Object.values(QueueName).filter((queue) => roles.includes(QUEUE_CONSUMERS[queue]));
}

export enum JobName {
  PurgeExpiredOAuthTokens = 'purge-expired-oauth-tokens',
  PurgeStaleUploads = 'purge-stale-uploads',
  TranscodeVideo = 'transcode-video',
  ProcessInboxActivity = 'process-inbox-activity',
  DeliverActivity = 'deliver-activity',
  CrawlOutbox = 'crawl-outbox',
  RefreshRemoteVideo = 'refresh-remote-video',
  FlushVideoViews = 'flush-video-views',
  BroadcastVideoViewers = 'broadcast-video-viewers',
  PlaceVideoFiles = 'place-video-files',
  ResumeTranscoding = 'resume-transcoding',
  RelayDomainEvents = 'relay-domain-events',
  PruneDomainEvents = 'prune-domain-events',
  ConsumeDomainEvent = 'consume-domain-event',
}

/** Payload of each job, by name. */
export interface JobPayloads {
  [JobName.PurgeExpiredOAuthTokens]: Record<string, never>;
  /** Deletes resumable upload sessions (and their bytes) untouched for `videos.upload_session_lifetime`. */
  [JobName.PurgeStaleUploads]: Record<string, never>;
  /** Probe, ladder, HLS + MP4, thumbnails, torrents, publish. Job id `transcode:<videoId>`. */
  [JobName.TranscodeVideo]: { videoId: number };
  /**
   * An activity that passed the inbox's signature checks, with the actor whose key signed the request: another
   * actor than the activity's means it was relayed, and only its ids are then taken (RelayedActivitiesService).
   */
  [JobName.ProcessInboxActivity]: { activity: Record<string, unknown>; signerActorUrl: string };
  /**
   * One activity to one inbox, signed by a local actor. Job id `deliver-<sha256 of activity id and inbox>`, so a
   * fan-out that is restarted enqueues nothing twice.
   */
  [JobName.DeliverActivity]: { activity: Record<string, unknown>; inboxUrl: string; signerActorId: number };
  /** The videos a newly followed instance published before the follow, read from its outbox. */
  [JobName.CrawlOutbox]: { outboxUrl: string };
  /** A remote video read again from its origin: updated, or removed when the origin answers 404 or 410. */
  [JobName.RefreshRemoteVideo]: { videoUrl: string };
  /**
   * Views counted in Redis since the last run, written in one batch: to the videos' counters (local videos) and to
   * the hourly history `-trending` reads (all videos); local videos whose count changed are then sent to followers.
   */
  [JobName.FlushVideoViews]: Record<string, never>;
  /**
   * Every `views.viewer_window`: the number of viewers of each local video being watched, sent to its followers (a
   * View with `expires` and the count), so that they show the origin's figure, as PeerTube does.
   */
  [JobName.BroadcastVideoViewers]: Record<string, never>;
  /**
   * Moves a video's files to the place of its privacy now (FileStore.placed): out of an object store's public
   * reach when it became private or internal, back when it became public or unlisted. Idempotent.
   */
  [JobName.PlaceVideoFiles]: { videoId: number };
  /**
   * Enqueues transcoding of every video still waiting for it (a process died between the upload's commit and its
   * enqueue); job ids are per video, so a queued or running transcoding is not started twice.
   */
  [JobName.ResumeTranscoding]: Record<string, never>;
  /** The sweep: relays committed domain events no process relayed yet (their emitter died after the commit). */
  [JobName.RelayDomainEvents]: Record<string, never>;
  /** Deletes relayed domain events older than `events.keep_relayed`. */
  [JobName.PruneDomainEvents]: Record<string, never>;
  /**
   * One domain event handed to one consumer (`Class.method` of an `@OnDomainEvent` listener). Job id
   * `event-<event id>-<consumer>`, so an event relayed twice runs each consumer once.
   */
  [JobName.ConsumeDomainEvent]: { eventId: string; name: string; payload: unknown; consumer: string };
}

export type JobItem = { [N in JobName]: { name: N; data: JobPayloads[N] } }[JobName];

/** What a handler reports. Retryable failures are thrown instead. */
export enum JobStatus {
  Success = 'success',
  /** Nothing to do any more (the row was deleted meanwhile, the work was already done). */
  Skipped = 'skipped',
}

export interface JobOptions {
  queue: QueueName;
  attempts: number;
  /** First retry delay in ms; later ones double. */
  backoffMs: number;
  /** Share of each retry delay drawn at random (0-1), so retries of many jobs spread out. */
  jitter?: number;
  /** How long finished jobs stay visible to admins, in seconds. */
  keepCompletedSeconds: number;
  keepFailedSeconds: number;
  /** When set, the job also runs on this period (ms), scheduled once per instance. */
  everyMs?: number | 'configured';
}

const HOUR_MS = 3_600_000;
const DAY_S = 86_400;

/** Housekeeping that runs every hour on each instance. */
const HOURLY_MAINTENANCE: JobOptions = {
  queue: QueueName.Maintenance,
  attempts: 3,
  backoffMs: 60_000,
  keepCompletedSeconds: DAY_S,
  keepFailedSeconds: 7 * DAY_S,
  everyMs: HOUR_MS,
};

export const JOB_OPTIONS: Record<JobName, JobOptions> = {
  [JobName.PurgeExpiredOAuthTokens]: HOURLY_MAINTENANCE,
  [JobName.PurgeStaleUploads]: HOURLY_MAINTENANCE,
  [JobName.PruneDomainEvents]: HOURLY_MAINTENANCE,
  // Every few minutes: the lost enqueue it makes up for left a video waiting.
  [JobName.ResumeTranscoding]: { ...HOURLY_MAINTENANCE, everyMs: 5 * 60_000 },
  // Its period is events.sweep_interval (JobsService); a failed sweep is made up by the next one.
  [JobName.RelayDomainEvents]: {
    queue: QueueName.Maintenance,
    attempts: 1,
    backoffMs: 1_000,
    keepCompletedSeconds: 60,
    keepFailedSeconds: DAY_S,
    everyMs: 'configured',
  },
  // About 8 minutes of retries: a consumer failing longer than that needs an admin (the failed job stays a week).
  [JobName.ConsumeDomainEvent]: {
    queue: QueueName.Events,
    attempts: 10,
    backoffMs: 1_000,
    jitter: 0.2,
    keepCompletedSeconds: DAY_S,
    keepFailedSeconds: 7 * DAY_S,
  },
  [JobName.TranscodeVideo]: {
    queue: QueueName.Transcoding,
    attempts: 3,
    backoffMs: 30_000,
    keepCompletedSeconds: 7 * DAY_S,
    keepFailedSeconds: 30 * DAY_S,
  },
  [JobName.ProcessInboxActivity]: {
    queue: QueueName.Federation,
    attempts: 5,
    backoffMs: 10_000,
    jitter: 0.5,
    keepCompletedSeconds: DAY_S,
    keepFailedSeconds: 7 * DAY_S,
  },
  [JobName.CrawlOutbox]: {
    queue: QueueName.Federation,
    attempts: 3,
    backoffMs: 60_000,
    keepCompletedSeconds: DAY_S,
    keepFailedSeconds: 7 * DAY_S,
  },
  // Finished jobs are dropped at once: the job id is per video, and a later refresh must be able to reuse it.
  [JobName.RefreshRemoteVideo]: {
    queue: QueueName.Federation,
    attempts: 3,
    backoffMs: 30_000,
    keepCompletedSeconds: 0,
    keepFailedSeconds: 0,
  },
  // Its period is views.flush_interval (JobsService). One attempt: a failed run leaves the counters it did not take
  // out in Redis for the next run.
  [JobName.FlushVideoViews]: {
    queue: QueueName.Maintenance,
    attempts: 1,
    backoffMs: 60_000,
    keepCompletedSeconds: 3_600,
    keepFailedSeconds: 7 * DAY_S,
    everyMs: 'configured',
  },
  // Its period is views.viewer_window (JobsService); a missed run is made up by the next one.
  [JobName.BroadcastVideoViewers]: {
    queue: QueueName.Maintenance,
    attempts: 1,
    backoffMs: 60_000,
    keepCompletedSeconds: 600,
    keepFailedSeconds: DAY_S,
    everyMs: 'configured',
  },
  // Attempts and first delay come from federation.delivery in the configuration (JobsService).
  [JobName.DeliverActivity]: {
    queue: QueueName.Federation,
    attempts: 12,
    backoffMs: 30_000,
    jitter: 0.5,
    keepCompletedSeconds: DAY_S,
    keepFailedSeconds: 7 * DAY_S,
  },
  [JobName.PlaceVideoFiles]: {
    queue: QueueName.Maintenance,
    attempts: 5,
    backoffMs: 30_000,
    keepCompletedSeconds: DAY_S,
    keepFailedSeconds: 7 * DAY_S,
  },
};
