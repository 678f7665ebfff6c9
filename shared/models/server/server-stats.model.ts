import type { ActivityType } from '../activitypub/activity.js';

/** Every activity type PeerTube 8 counts in its server stats (some of which Shoal does not handle, counted 0). */
export const STATS_ACTIVITY_TYPES = [
  'Create',
  'Update',
  'Delete',
  'Follow',
  'Accept',
  'Reject',
  'Announce',
  'Undo',
  'Like',
  'Dislike',
  'Flag',
  'View',
  'ApproveReply',
  'RejectReply',
] as const satisfies readonly (ActivityType | 'Flag' | 'ApproveReply' | 'RejectReply')[];
export type StatsActivityType = (typeof STATS_ACTIVITY_TYPES)[number];

type ActivityPubMessagesSuccesses = Record<`totalActivityPub${StatsActivityType}MessagesSuccesses`, number>;
type ActivityPubMessagesErrors = Record<`totalActivityPub${StatsActivityType}MessagesErrors`, number>;

/** PeerTube 8's `ServerStats` (GET /api/v1/server/stats). */
export interface ServerStats extends ActivityPubMessagesSuccesses, ActivityPubMessagesErrors {
  totalUsers: number;
  totalDailyActiveUsers: number;
  totalWeeklyActiveUsers: number;
  totalMonthlyActiveUsers: number;
  totalModerators: number;
  totalAdmins: number;

  totalLocalVideos: number;
  totalLocalVideoViews: number;
  totalLocalVideoComments: number;
  totalLocalVideoFilesSize: number;

  totalVideos: number;
  totalVideoComments: number;

  totalLocalVideoChannels: number;
  totalLocalDailyActiveVideoChannels: number;
  totalLocalWeeklyActiveVideoChannels: number;
  totalLocalMonthlyActiveVideoChannels: number;

  totalLocalPlaylists: number;

  totalInstanceFollowers: number;
  totalInstanceFollowing: number;

  videosRedundancy: {
    strategy: string;
    totalSize: number;
    totalUsed: number;
    totalVideoFiles: number;
    totalVideos: number;
  }[];

  totalActivityPubMessagesProcessed: number;
  totalActivityPubMessagesSuccesses: number;
  totalActivityPubMessagesErrors: number;
  activityPubMessagesProcessedPerSecond: number;
  totalActivityPubMessagesWaiting: number;

  averageRegistrationRequestResponseTimeMs: number | null;
  totalRegistrationRequestsProcessed: number;
  totalRegistrationRequests: number;

  averageAbuseResponseTimeMs: number | null;
  totalAbusesProcessed: number;
  totalAbuses: number;
}
