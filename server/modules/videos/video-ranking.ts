/**
 * The scores behind the ranked sorts of video lists, as PeerTube 8 computes them. Each is written twice: as SQL for
 * the list query, and as a plain function that the unit tests hold to PeerTube's formula (and the e2e tests hold the
 * SQL to the same orders).
 */

/**
 * PeerTube's "hot" weights (an adaptation of Reddit's hot ranking): log10 of each interaction count, weighted, plus
 * the publication time in half-days (47,000 s) since PeerTube's epoch; a like counts once two are there, a view from
 * the first. Comments weigh 2 half-days; history (a video the user watched, for `best`) -2.
 */
export const HOT_WEIGHTS = { like: 150, dislike: -150, view: 16, comment: 100, history: -100 } as const;
export const HOT_EPOCH_SECONDS = 1446156582;
export const HOT_HALF_DAY_SECONDS = 47000;

export interface HotInputs {
  likes: number;
  dislikes: number;
  views: number;
  comments: number;
  publishedAt: Date;
}

export function hotScore(video: HotInputs): number {
  return (
    Math.log10(Math.max(1, video.likes - 1)) * HOT_WEIGHTS.like +
    Math.log10(Math.max(1, video.dislikes - 1)) * HOT_WEIGHTS.dislike +
    Math.log10(video.views + 1) * HOT_WEIGHTS.view +
    Math.log10(Math.max(1, video.comments)) * HOT_WEIGHTS.comment +
    (video.publishedAt.getTime() / 1000 - HOT_EPOCH_SECONDS) / HOT_HALF_DAY_SECONDS
  );
}

/**
 * The number of comments of the video `alias`, in SQL: where the comments count joins the hot score. Shoal has no
 * comments table on this branch, so it is 0 (every video alike, which leaves the order to likes, views and age); the
 * comments module supplies its count here (PeerTube reads its `video.comments` column).
 */
export function videoCommentsCountSql(alias: string): string {
  void alias;
  return '0';
}

/** `hotScore` in SQL, over the columns of the video `alias` (a video not published yet counts from its creation). */
export function hotScoreSql(alias: string): string {
  return (
    `(LOG(GREATEST(1, ${alias}.likes - 1)) * ${HOT_WEIGHTS.like}` +
    ` + LOG(GREATEST(1, ${alias}.dislikes - 1)) * ${HOT_WEIGHTS.dislike}` +
    ` + LOG(${alias}.views + 1) * ${HOT_WEIGHTS.view}` +
    ` + LOG(GREATEST(1, ${videoCommentsCountSql(alias)})) * ${HOT_WEIGHTS.comment}` +
    ` + (EXTRACT(epoch FROM COALESCE(${alias}.published_at, ${alias}.created_at)) - ${HOT_EPOCH_SECONDS})` +
    ` / ${HOT_HALF_DAY_SECONDS})`
  );
}

/**
 * `best`: in PeerTube, the hot score less `history` for the videos the user already watched. Shoal keeps no watch
 * history, so `best` ranks as `hot` for everyone.
 */
export const bestScoreSql = hotScoreSql;

/** `-trending`: the views of the video `alias` in the hourly history since the parameter `:trendingSince`. */
export function trendingScoreSql(alias: string): string {
  return (
    `COALESCE((SELECT SUM(vv.views) FROM video_views vv` +
    ` WHERE vv.video_id = ${alias}.id AND vv.start_date >= :trendingSince), 0)`
  );
}

/** Start of the trending window: `days` days before `now`, on an hour boundary (as the history rows are). */
export function trendingSince(days: number, now = Date.now()): Date {
  const start = now - days * 86_400_000;
  return new Date(start - (start % 3_600_000));
}

/**
 * `-match` (search relevance) of the video `alias` for the parameter `:search`: full-text rank of the words over the
 * name (weight A) and the description (weight B), plus 1 when the name contains the text as typed, plus 1 when a tag
 * is the text. PeerTube ranks by trigram similarity of the name; this needs no PostgreSQL extension.
 */
export function matchScoreSql(alias: string): string {
  return (
    `(ts_rank(setweight(to_tsvector('simple', ${alias}.name), 'A')` +
    ` || setweight(to_tsvector('simple', coalesce(${alias}.description, '')), 'B'),` +
    ` plainto_tsquery('simple', :search))` +
    ` + CASE WHEN ${alias}.name ILIKE :like THEN 1 ELSE 0 END` +
    ` + CASE WHEN EXISTS (SELECT 1 FROM video_tags mt WHERE mt.video_id = ${alias}.id AND mt.name = lower(:search))` +
    ` THEN 1 ELSE 0 END)`
  );
}
