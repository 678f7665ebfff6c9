import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { UserRegistrationState } from '../../../shared/models/users/user.model.js';
import { UserRole } from '../../../shared/models/users/user-role.js';
import { VideoPrivacy, VideoState } from '../../../shared/models/videos/video-enums.js';
import { VideoPlaylistPrivacy } from '../../../shared/models/videos/video-playlist.model.js';

export interface UserFigures {
  total: number;
  daily: number;
  weekly: number;
  monthly: number;
  moderators: number;
  admins: number;
}

export interface VideoFigures {
  localVideos: number;
  localViews: number;
  localFilesSize: number;
  videos: number;
}

export interface ChannelFigures {
  local: number;
  daily: number;
  weekly: number;
  monthly: number;
}

export interface RegistrationFigures {
  total: number;
  processed: number;
  averageResponseMs: number | null;
}

const toNumber = (value: string | number | null): number => Number(value ?? 0);

/** The counting queries behind GET /server/stats. */
@Injectable()
export class ServerStatsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Users; active ones logged in within the last day, week and month (as PeerTube counts them). */
  async users(): Promise<UserFigures> {
    const [row] = await this.dataSource.query<Record<keyof UserFigures, string>[]>(
      `SELECT count(*) AS total,
         count(*) FILTER (WHERE last_login_date > now() - interval '1 day') AS daily,
         count(*) FILTER (WHERE last_login_date > now() - interval '7 days') AS weekly,
         count(*) FILTER (WHERE last_login_date > now() - interval '30 days') AS monthly,
         count(*) FILTER (WHERE role = $1) AS moderators,
         count(*) FILTER (WHERE role = $2) AS admins
       FROM users`,
      [UserRole.Moderator, UserRole.Administrator],
    );
    return {
      total: toNumber(row.total),
      daily: toNumber(row.daily),
      weekly: toNumber(row.weekly),
      monthly: toNumber(row.monthly),
      moderators: toNumber(row.moderators),
      admins: toNumber(row.admins),
    };
  }

  /**
   * Videos anyone may list (published and public, as PeerTube counts them), local and all; the views of local
   * videos (as flushed: views still in the buffer are not there yet); the bytes of local video files, MP4 and HLS
   * renditions alike.
   */
  async videos(): Promise<VideoFigures> {
    const [row] = await this.dataSource.query<Record<keyof VideoFigures, string>[]>(
      `SELECT
         (SELECT count(*) FROM videos WHERE is_local AND state = $1 AND privacy = $2) AS "localVideos",
         (SELECT COALESCE(SUM(views), 0) FROM videos WHERE is_local) AS "localViews",
         (SELECT count(*) FROM videos WHERE state = $1 AND privacy = $2) AS videos,
         (SELECT COALESCE(SUM(f.size), 0) FROM video_files f
            LEFT JOIN video_streaming_playlists p ON p.id = f.streaming_playlist_id
            JOIN videos v ON v.id = COALESCE(f.video_id, p.video_id)
          WHERE v.is_local) AS "localFilesSize"`,
      [VideoState.Published, VideoPrivacy.Public],
    );
    return {
      localVideos: toNumber(row.localVideos),
      localViews: toNumber(row.localViews),
      localFilesSize: toNumber(row.localFilesSize),
      videos: toNumber(row.videos),
    };
  }

  /** Comments everyone sees (neither deleted nor held for review), those written here and all, as PeerTube counts. */
  async comments(): Promise<{ local: number; total: number }> {
    const [row] = await this.dataSource.query<{ local: string; total: string }[]>(
      `SELECT count(*) FILTER (WHERE ac.server_id IS NULL) AS local, count(*) AS total
       FROM video_comments c JOIN accounts a ON a.id = c.account_id JOIN actors ac ON ac.id = a.actor_id
       WHERE c.deleted_at IS NULL AND NOT c.held_for_review`,
    );
    return { local: toNumber(row.local), total: toNumber(row.total) };
  }

  /** Public playlists of local accounts (PeerTube's `totalLocalPlaylists`). */
  async localPlaylists(): Promise<number> {
    const [row] = await this.dataSource.query<{ total: string }[]>(
      `SELECT count(*) AS total FROM video_playlists WHERE is_local AND privacy = $1`,
      [VideoPlaylistPrivacy.Public],
    );
    return toNumber(row.total);
  }

  /** Local channels; active ones published a video within the last day, week and month (as PeerTube counts them). */
  async channels(): Promise<ChannelFigures> {
    const [row] = await this.dataSource.query<Record<keyof ChannelFigures, string>[]>(
      `SELECT count(*) AS local,
         count(*) FILTER (WHERE last_published > now() - interval '1 day') AS daily,
         count(*) FILTER (WHERE last_published > now() - interval '7 days') AS weekly,
         count(*) FILTER (WHERE last_published > now() - interval '30 days') AS monthly
       FROM (
         SELECT c.id, (SELECT max(v.published_at) FROM videos v WHERE v.channel_id = c.id) AS last_published
         FROM video_channels c JOIN actors a ON a.id = c.actor_id
         WHERE a.server_id IS NULL
       ) channels`,
    );
    return {
      local: toNumber(row.local),
      daily: toNumber(row.daily),
      weekly: toNumber(row.weekly),
      monthly: toNumber(row.monthly),
    };
  }

  /** Accepted follows of the instance actor, and by it. */
  async instanceFollows(instanceActorId: number): Promise<{ followers: number; following: number }> {
    const [row] = await this.dataSource.query<{ followers: string; following: string }[]>(
      `SELECT count(*) FILTER (WHERE following_id = $1) AS followers,
         count(*) FILTER (WHERE follower_id = $1) AS following
       FROM actor_follows WHERE state = 'accepted' AND (following_id = $1 OR follower_id = $1)`,
      [instanceActorId],
    );
    return { followers: toNumber(row.followers), following: toNumber(row.following) };
  }

  /**
   * Registration requests; the average time to answer one, over those of the last three months, as PeerTube takes
   * it (a request's last update is when it was answered).
   */
  async registrations(): Promise<RegistrationFigures> {
    const [row] = await this.dataSource.query<{ total: string; processed: string; average: string | null }[]>(
      `SELECT count(*) AS total,
         count(*) FILTER (WHERE state <> $1) AS processed,
         AVG(EXTRACT(EPOCH FROM (updated_at - created_at)) * 1000)
           FILTER (WHERE state <> $1 AND created_at > now() - interval '3 months') AS average
       FROM user_registrations`,
      [UserRegistrationState.Pending],
    );
    return {
      total: toNumber(row.total),
      processed: toNumber(row.processed),
      averageResponseMs: row.average === null ? null : Math.round(Number(row.average)),
    };
  }
}
