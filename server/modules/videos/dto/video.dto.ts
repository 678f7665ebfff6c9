import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Min,
} from 'class-validator';
import {
  VIDEO_CATEGORIES,
  VIDEO_LANGUAGES,
  VIDEO_LICENCES,
  VideoCommentPolicy,
  VideoPrivacy,
} from '../../../../shared/models/videos/video-enums.js';
import { DATABASE_INT_MAX, IsIntInRange, NumericIdInRange } from '../../../core/http/integers.js';
import { PaginationQueryDto, sortValues } from '../../../core/http/pagination.js';
import { VIDEO_SEARCH_SORTS, VIDEO_SORTS } from '../videos.repository.js';

const COMMENTS_POLICIES = [
  VideoCommentPolicy.Enabled,
  VideoCommentPolicy.Disabled,
  VideoCommentPolicy.RequiresApproval,
];
const PRIVACIES = [VideoPrivacy.Public, VideoPrivacy.Unlisted, VideoPrivacy.Private, VideoPrivacy.Internal];
const CATEGORY_IDS = Object.keys(VIDEO_CATEGORIES).map(Number);
const LICENCE_IDS = Object.keys(VIDEO_LICENCES).map(Number);

// Multipart fields arrive as strings; JSON bodies (resumable init, updates) as real types.
const toBoolean = ({ value }: { value: unknown }): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;
const toNumber = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
const toTags = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? [value] : value);

/** Metadata of a new video (multipart fields of /videos/upload, or the JSON of a resumable upload init). */
export class VideoUploadDto {
  @ApiProperty({ description: 'Id of a channel the user owns' })
  @IsIntInRange(1, DATABASE_INT_MAX)
  channelId: number;

  @ApiProperty({ minLength: 3, maxLength: 120 })
  @IsString()
  @Length(3, 120)
  name: string;

  @ApiPropertyOptional({ enum: PRIVACIES, default: VideoPrivacy.Public })
  @IsOptional()
  @Transform(toNumber)
  @IsIn(PRIVACIES)
  privacy?: VideoPrivacy;

  @ApiPropertyOptional({ minLength: 3, maxLength: 10000 })
  @IsOptional()
  @IsString()
  @Length(3, 10000)
  description?: string;

  @ApiPropertyOptional({ minLength: 3, maxLength: 1000 })
  @IsOptional()
  @IsString()
  @Length(3, 1000)
  support?: string;

  @ApiPropertyOptional({ type: [String], maxItems: 5 })
  @IsOptional()
  @Transform(toTags)
  @IsArray()
  @ArrayMaxSize(5)
  @IsString({ each: true })
  @Length(2, 30, { each: true })
  tags?: string[];

  @ApiPropertyOptional({ enum: CATEGORY_IDS })
  @IsOptional()
  @Transform(toNumber)
  @IsIn(CATEGORY_IDS)
  category?: number;

  @ApiPropertyOptional({ enum: LICENCE_IDS })
  @IsOptional()
  @Transform(toNumber)
  @IsIn(LICENCE_IDS)
  licence?: number;

  @ApiPropertyOptional({ enum: Object.keys(VIDEO_LANGUAGES) })
  @IsOptional()
  @IsIn(Object.keys(VIDEO_LANGUAGES))
  language?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  nsfw?: boolean;

  @ApiPropertyOptional({ description: 'Older clients: true is commentsPolicy 1, false is 2' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  commentsEnabled?: boolean;

  @ApiPropertyOptional({ enum: COMMENTS_POLICIES, description: '1 enabled, 2 disabled, 3 requires approval' })
  @IsOptional()
  @Transform(toNumber)
  @IsIn(COMMENTS_POLICIES)
  commentsPolicy?: VideoCommentPolicy;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  downloadEnabled?: boolean;

  @ApiPropertyOptional({ description: 'Hide the video from lists until it is transcoded' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  waitTranscoding?: boolean;
}

/** Resumable init: the metadata plus the file's name (the size comes in X-Upload-Content-Length). */
export class ResumableUploadInitDto extends VideoUploadDto {
  @ApiProperty({ description: 'Original file name' })
  @IsString()
  @Length(1, 255)
  filename: string;
}

export class VideoUpdateDto extends PartialType(OmitType(VideoUploadDto, ['channelId'])) {}

const toArray = ({ value }: { value: unknown }): unknown => (Array.isArray(value) ? value : [value]);
const toNumbers = ({ value }: { value: unknown }): unknown =>
  (Array.isArray(value) ? value : [value]).map((item) => toNumber({ value: item }));

/** Filters shared by video lists (all videos, a channel's, an account's, subscriptions) and video search. */
export class VideoFiltersQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ description: 'Only local (true) or only remote (false) videos' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  isLocal?: boolean;

  @ApiPropertyOptional({ type: [Number], enum: PRIVACIES, description: 'Needs the right to see every video' })
  @IsOptional()
  @Transform(toNumbers)
  @IsIn(PRIVACIES, { each: true })
  privacyOneOf?: VideoPrivacy[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 200)
  search?: string;

  @ApiPropertyOptional({ type: [String], maxItems: 5, description: 'Videos with at least one of these tags' })
  @IsOptional()
  @Transform(toArray)
  @IsArray()
  @ArrayMaxSize(5)
  @IsString({ each: true })
  @Length(1, 30, { each: true })
  tagsOneOf?: string[];

  @ApiPropertyOptional({ type: [String], maxItems: 5, description: 'Videos with all of these tags' })
  @IsOptional()
  @Transform(toArray)
  @IsArray()
  @ArrayMaxSize(5)
  @IsString({ each: true })
  @Length(1, 30, { each: true })
  tagsAllOf?: string[];

  @ApiPropertyOptional({ type: [Number], enum: CATEGORY_IDS })
  @IsOptional()
  @Transform(toNumbers)
  @IsArray()
  @ArrayMaxSize(50)
  @IsIn(CATEGORY_IDS, { each: true })
  categoryOneOf?: number[];

  @ApiPropertyOptional({ type: [Number], enum: LICENCE_IDS })
  @IsOptional()
  @Transform(toNumbers)
  @IsArray()
  @ArrayMaxSize(50)
  @IsIn(LICENCE_IDS, { each: true })
  licenceOneOf?: number[];

  @ApiPropertyOptional({ type: [String], description: 'Language codes; `_unknown` for videos without a language' })
  @IsOptional()
  @Transform(toArray)
  @IsArray()
  @ArrayMaxSize(50)
  @IsIn([...Object.keys(VIDEO_LANGUAGES), '_unknown'], { each: true })
  languageOneOf?: string[];

  @ApiPropertyOptional({ enum: ['true', 'false', 'both'], description: 'Only NSFW videos, none, or both' })
  @IsOptional()
  @IsIn(['true', 'false', 'both'])
  nsfw?: 'true' | 'false' | 'both';

  @ApiPropertyOptional({ description: 'Only lives (Shoal has none yet: none are listed) or only non-live videos' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  isLive?: boolean;

  @ApiPropertyOptional({ minimum: 0, description: 'Seconds' })
  @IsOptional()
  @IsIntInRange(0, DATABASE_INT_MAX)
  durationMin?: number;

  @ApiPropertyOptional({ minimum: 0, description: 'Seconds' })
  @IsOptional()
  @IsIntInRange(0, DATABASE_INT_MAX)
  durationMax?: number;
}

export class ListVideosQueryDto extends VideoFiltersQueryDto {
  @ApiPropertyOptional({
    enum: sortValues(VIDEO_SORTS),
    default: '-publishedAt',
    description:
      "`-trending`: views over the last `trending.interval_days`; `-hot`: PeerTube's hot score (likes, views, " +
      'comments and age); `-best`: the hot score less the videos the user watched in PeerTube, the hot score here ' +
      '(Shoal keeps no watch history)',
  })
  @IsOptional()
  @IsIn(sortValues(VIDEO_SORTS))
  sort: string = '-publishedAt';
}

export class SearchVideosQueryDto extends VideoFiltersQueryDto {
  @ApiProperty()
  @IsString()
  @Length(1, 200)
  declare search: string;

  @ApiPropertyOptional({
    enum: sortValues(VIDEO_SEARCH_SORTS),
    default: '-match',
    description: '`-match`: relevance to `search` (full-text rank of name and description, name and tag matches)',
  })
  @IsOptional()
  @IsIn(sortValues(VIDEO_SEARCH_SORTS))
  sort: string = '-match';

  @ApiPropertyOptional({ description: 'Only the videos of this host' })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  host?: string;

  @ApiPropertyOptional({
    enum: ['local', 'search-index'],
    description: "Shoal uses no search index: both search this instance's database",
  })
  @IsOptional()
  @IsIn(['local', 'search-index'])
  searchTarget?: 'local' | 'search-index';

  @ApiPropertyOptional({ format: 'date-time', description: 'Published at or after' })
  @IsOptional()
  @IsISO8601({ strict: true })
  startDate?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Published at or before' })
  @IsOptional()
  @IsISO8601({ strict: true })
  endDate?: string;
}

/** The `id` path parameter: a numeric id, a UUID or a shortUUID. */
const VIDEO_ID = /^(\d+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[1-9a-km-zA-HJ-NP-Z]{22})$/;
const VIDEO_ID_MESSAGE = 'must be a numeric id, a UUID or a shortUUID';

export class VideoIdParamDto {
  @ApiProperty({ description: 'Numeric id, UUID or shortUUID' })
  @IsString()
  @Matches(VIDEO_ID, { message: VIDEO_ID_MESSAGE })
  @NumericIdInRange()
  id: string;
}

/** PeerTube's `UserVideoRateUpdate`. */
export class VideoRateDto {
  @ApiProperty({ enum: ['like', 'dislike', 'none'] })
  @IsIn(['like', 'dislike', 'none'])
  rating: 'like' | 'dislike' | 'none';
}

/** PeerTube's `VideoView`: where the player is, and who watches; the user-agent fields are accepted and not kept. */
export class VideoViewDto {
  // PeerTube truncates a fractional position rather than refusing it; so does this.
  @ApiProperty({ description: 'Playback position, in seconds (at most the video duration)', minimum: 0 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  currentTime: number;

  @ApiPropertyOptional({ enum: ['seek'], description: 'The viewer jumped to `currentTime`' })
  @IsOptional()
  @IsIn(['seek'])
  viewEvent?: 'seek';

  @ApiPropertyOptional({
    maxLength: 100,
    pattern: '^[A-Za-z0-9-]+$',
    description: "The player's session: who the viewer is (unless views.trust_viewer_session_id is off)",
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  @Matches(/^[A-Za-z0-9-]+$/, { message: 'must be letters, digits and dashes' })
  sessionId?: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString()
  @Length(0, 100)
  client?: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString()
  @Length(0, 100)
  operatingSystem?: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString()
  @Length(0, 100)
  device?: string;
}

export class VideoRatingParamDto {
  @ApiProperty({ description: 'Numeric id, UUID or shortUUID' })
  @IsString()
  @Matches(VIDEO_ID, { message: VIDEO_ID_MESSAGE })
  @NumericIdInRange()
  videoId: string;
}
