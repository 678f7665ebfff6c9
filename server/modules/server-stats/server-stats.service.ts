import { Inject, Injectable } from '@nestjs/common';
import { STATS_ACTIVITY_TYPES, type ServerStats } from '../../../shared/models/server/server-stats.model.js';
import type { AppConfig } from '../../core/config/config.js';
import { APP_CONFIG } from '../../core/config/config.module.js';
import { JobName, QueueName } from '../../core/jobs/job-catalog.js';
import { JobsService } from '../../core/jobs/jobs.service.js';
import { InstanceAccountService } from '../accounts/instance-account.service.js';
import { InboxStatsStore, type InboxCounts } from './inbox-stats.store.js';
import { ServerStatsRepository } from './server-stats.repository.js';

/** Inbox jobs looked at to count those waiting: the figure is "at least" beyond it. */
const MAX_WAITING_COUNTED = 1000;

/**
 * PeerTube's server stats, each from a real figure of this instance, computed at most once per
 * `stats.cache_duration` per process. Abuses and redundancy (`videosRedundancy`: no strategy configured) are not
 * in Shoal: they count 0.
 */
@Injectable()
export class ServerStatsService {
  private cached?: { at: number; stats: Promise<ServerStats> };

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: ServerStatsRepository,
    private readonly inbox: InboxStatsStore,
    private readonly instanceAccount: InstanceAccountService,
    private readonly jobs: JobsService,
  ) {}

  get(): Promise<ServerStats> {
    if (!this.cached || Date.now() - this.cached.at >= this.config.stats.cache_duration) {
      const stats = this.compute();
      // A failed computation is not kept: the next request tries again.
      stats.catch(() => (this.cached = undefined));
      this.cached = { at: Date.now(), stats };
    }
    return this.cached.stats;
  }

  private async compute(): Promise<ServerStats> {
    const instanceActorId = (await this.instanceAccount.get()).actorId;
    const [users, videos, comments, playlists, channels, follows, registrations, inbox, waiting] = await Promise.all([
      this.repository.users(),
      this.repository.videos(),
      this.repository.comments(),
      this.repository.localPlaylists(),
      this.repository.channels(),
      this.repository.instanceFollows(instanceActorId),
      this.repository.registrations(),
      this.inbox.read(),
      this.waitingInboxJobs(),
    ]);
    return {
      totalUsers: users.total,
      totalDailyActiveUsers: users.daily,
      totalWeeklyActiveUsers: users.weekly,
      totalMonthlyActiveUsers: users.monthly,
      totalModerators: users.moderators,
      totalAdmins: users.admins,
      totalLocalVideos: videos.localVideos,
      totalLocalVideoViews: videos.localViews,
      totalLocalVideoComments: comments.local,
      totalLocalVideoFilesSize: videos.localFilesSize,
      totalVideos: videos.videos,
      totalVideoComments: comments.total,
      totalLocalVideoChannels: channels.local,
      totalLocalDailyActiveVideoChannels: channels.daily,
      totalLocalWeeklyActiveVideoChannels: channels.weekly,
      totalLocalMonthlyActiveVideoChannels: channels.monthly,
      totalLocalPlaylists: playlists,
      totalInstanceFollowers: follows.followers,
      totalInstanceFollowing: follows.following,
      videosRedundancy: [],
      ...activityPubFigures(inbox, waiting),
      averageRegistrationRequestResponseTimeMs: registrations.averageResponseMs,
      totalRegistrationRequestsProcessed: registrations.processed,
      totalRegistrationRequests: registrations.total,
      averageAbuseResponseTimeMs: null,
      totalAbusesProcessed: 0,
      totalAbuses: 0,
    };
  }

  private async waitingInboxJobs(): Promise<number> {
    const jobs = await this.jobs
      .queue(QueueName.Federation)
      .getJobs(['waiting', 'prioritized', 'delayed'], 0, MAX_WAITING_COUNTED - 1);
    return jobs.filter((job) => job.name === String(JobName.ProcessInboxActivity)).length;
  }
}

type ActivityPubFigures = Pick<
  ServerStats,
  Extract<keyof ServerStats, `totalActivityPub${string}` | 'activityPubMessagesProcessedPerSecond'>
>;

/** The inbox counters as PeerTube names them: totals, per type, and the rate since counting began. */
export function activityPubFigures(inbox: InboxCounts, waiting: number, now = Date.now()): ActivityPubFigures {
  const sum = (counts: Record<string, number>) => Object.values(counts).reduce((total, count) => total + count, 0);
  const successes = sum(inbox.successes);
  const errors = sum(inbox.errors);
  const seconds = Math.max(1, (now - inbox.since) / 1000);
  const figures: Record<string, number> = {
    totalActivityPubMessagesProcessed: successes + errors,
    totalActivityPubMessagesSuccesses: successes,
    totalActivityPubMessagesErrors: errors,
    activityPubMessagesProcessedPerSecond: (successes + errors) / seconds,
    totalActivityPubMessagesWaiting: waiting,
  };
  for (const type of STATS_ACTIVITY_TYPES) {
    figures[`totalActivityPub${type}MessagesSuccesses`] = inbox.successes[type];
    figures[`totalActivityPub${type}MessagesErrors`] = inbox.errors[type];
  }
  return figures as ActivityPubFigures;
}
