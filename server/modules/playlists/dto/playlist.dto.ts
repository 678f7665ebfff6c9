import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { VideoPlaylistPrivacy, VideoPlaylistType } from '../../../../shared/models/videos/video-playlist.model.js';
import { DATABASE_INT_MAX, IsIntInRange, NumericIdInRange } from '../../../core/http/integers.js';
import { PaginationQueryDto, sortValues } from '../../../core/http/pagination.js';
import { PLAYLIST_SEARCH_SORT_COLUMNS, PLAYLIST_SORT_COLUMNS } from '../playlists.repository.js';

const PRIVACIES = [VideoPlaylistPrivacy.Public, VideoPlaylistPrivacy.Unlisted, VideoPlaylistPrivacy.Private];
const TYPES = [VideoPlaylistType.Regular, VideoPlaylistType.WatchLater];
/** Longest timestamp accepted: a day, in seconds (more than any video Shoal accepts). */
const MAX_TIMESTAMP = 24 * 3600;

// Multipart fields arrive as strings, JSON bodies as numbers.
const toNumber = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
// PeerTube's client sends an empty videoChannelId for "no channel".
const emptyToUndefined = ({ value }: { value: unknown }): unknown =>
  value === '' || value === null ? undefined : value;

/** PeerTube's `VideoPlaylistCreate` (JSON or multipart fields). */
export class CreatePlaylistDto {
  @ApiProperty({ minLength: 1, maxLength: 120 })
  @IsString()
  @Length(1, 120)
  displayName: string;

  @ApiProperty({ enum: PRIVACIES, description: '1 public, 2 unlisted, 3 private' })
  @Transform(toNumber)
  @IsIn(PRIVACIES)
  privacy: VideoPlaylistPrivacy;

  @ApiPropertyOptional({ minLength: 3, maxLength: 1000 })
  @IsOptional()
  @IsString()
  @Length(3, 1000)
  description?: string;

  @ApiPropertyOptional({ description: 'Id of a channel of yours; required unless the playlist is private' })
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIntInRange(1, DATABASE_INT_MAX)
  videoChannelId?: number;
}

/** PeerTube's `VideoPlaylistUpdate`: every field optional; `videoChannelId: null` takes the playlist off its channel. */
export class UpdatePlaylistDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 120 })
  @IsOptional()
  @IsString()
  @Length(1, 120)
  displayName?: string;

  @ApiPropertyOptional({ enum: PRIVACIES })
  @IsOptional()
  @Transform(toNumber)
  @IsIn(PRIVACIES)
  privacy?: VideoPlaylistPrivacy;

  @ApiPropertyOptional({ minLength: 3, maxLength: 1000 })
  @IsOptional()
  @IsString()
  @Length(3, 1000)
  description?: string;

  @ApiPropertyOptional({ nullable: true })
  @ValidateIf((dto: UpdatePlaylistDto) => dto.videoChannelId !== null && dto.videoChannelId !== undefined)
  @IsIntInRange(1, DATABASE_INT_MAX)
  videoChannelId?: number | null;
}

export class ListPlaylistsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: sortValues(PLAYLIST_SORT_COLUMNS), default: '-updatedAt' })
  @IsOptional()
  @IsIn(sortValues(PLAYLIST_SORT_COLUMNS))
  sort: string = '-updatedAt';

  @ApiPropertyOptional({ enum: TYPES, description: '1 regular, 2 watch later' })
  @IsOptional()
  @Transform(toNumber)
  @IsIn(TYPES)
  playlistType?: VideoPlaylistType;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  search?: string;
}

export class SearchPlaylistsQueryDto extends PaginationQueryDto {
  @ApiProperty({ maxLength: 200 })
  @IsString()
  @Length(1, 200)
  search: string;

  @ApiPropertyOptional({ enum: sortValues(PLAYLIST_SEARCH_SORT_COLUMNS), default: '-match' })
  @IsOptional()
  @IsIn(sortValues(PLAYLIST_SEARCH_SORT_COLUMNS))
  sort: string = '-match';
}

/** The `playlistId` path parameter: a numeric id, a UUID or a shortUUID. */
const PLAYLIST_ID = /^(\d+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[1-9a-km-zA-HJ-NP-Z]{22})$/;

export class PlaylistIdParamDto {
  @ApiProperty({ description: 'Numeric id, UUID or shortUUID' })
  @IsString()
  @Matches(PLAYLIST_ID, { message: 'must be a numeric id, a UUID or a shortUUID' })
  @NumericIdInRange()
  playlistId: string;
}

export class PlaylistElementParamDto extends PlaylistIdParamDto {
  @ApiProperty()
  @IsIntInRange(1, DATABASE_INT_MAX)
  playlistElementId: number;
}

/** PeerTube's `VideoPlaylistElementUpdate`: seconds into the video. */
export class UpdatePlaylistElementDto {
  @ApiPropertyOptional({ minimum: 0 })
  @IsOptional()
  @IsIntInRange(0, MAX_TIMESTAMP)
  startTimestamp?: number;

  @ApiPropertyOptional({ minimum: 0 })
  @IsOptional()
  @IsIntInRange(0, MAX_TIMESTAMP)
  stopTimestamp?: number;
}

/** PeerTube's `VideoPlaylistElementCreate`. */
export class AddPlaylistElementDto extends UpdatePlaylistElementDto {
  @ApiProperty({ description: 'Numeric id, UUID or shortUUID of the video' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'number' ? String(value) : value))
  @IsString()
  @Matches(PLAYLIST_ID, { message: 'must be a numeric id, a UUID or a shortUUID' })
  @NumericIdInRange()
  videoId: string;
}

/** PeerTube's `VideoPlaylistReorder`: moves `reorderLength` elements from `startPosition` to after another. */
export class ReorderPlaylistDto {
  @ApiProperty({ minimum: 1 })
  @IsIntInRange(1, DATABASE_INT_MAX)
  startPosition: number;

  @ApiProperty({ minimum: 0, description: '0: to the start' })
  @IsIntInRange(0, DATABASE_INT_MAX)
  insertAfterPosition: number;

  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @IsIntInRange(1, DATABASE_INT_MAX)
  reorderLength?: number;
}

export class VideosExistQueryDto {
  @ApiProperty({ type: [Number], maxItems: 100 })
  @Transform(({ value }: { value: unknown }) =>
    (Array.isArray(value) ? value : String(value).split(',')).map((item) => toNumber({ value: item })),
  )
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(DATABASE_INT_MAX, { each: true })
  videoIds: number[];
}
