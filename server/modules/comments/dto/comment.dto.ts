import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { DATABASE_INT_MAX, IsIntInRange } from '../../../core/http/integers.js';
import { PaginationQueryDto } from '../../../core/http/pagination.js';
import { VideoIdParamDto } from '../../videos/dto/video.dto.js';

/** PeerTube's bound of a comment's text. */
export const COMMENT_TEXT_MAX = 10_000;

const toBoolean = ({ value }: { value: unknown }): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;

/** PeerTube's `VideoCommentCreate`. */
export class CommentCreateDto {
  @ApiProperty({ minLength: 1, maxLength: COMMENT_TEXT_MAX, description: 'Markdown' })
  @IsString()
  @Length(1, COMMENT_TEXT_MAX)
  text: string;
}

export const THREAD_SORTS = ['-createdAt', 'createdAt', '-totalReplies', 'totalReplies'] as const;

export class ListThreadsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: THREAD_SORTS, default: '-createdAt' })
  @IsOptional()
  @IsIn(THREAD_SORTS)
  sort: (typeof THREAD_SORTS)[number] = '-createdAt';
}

export class ThreadParamDto extends VideoIdParamDto {
  @ApiProperty()
  @IsIntInRange(1, DATABASE_INT_MAX)
  threadId: number;
}

export class CommentParamDto extends VideoIdParamDto {
  @ApiProperty()
  @IsIntInRange(1, DATABASE_INT_MAX)
  commentId: number;
}

/** Filters of `GET /users/me/videos/comments` (comments on my videos). */
export class ListMyVideosCommentsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: ['-createdAt', 'createdAt'], default: '-createdAt' })
  @IsOptional()
  @IsIn(['-createdAt', 'createdAt'])
  sort: '-createdAt' | 'createdAt' = '-createdAt';

  @ApiPropertyOptional({ description: 'In the text' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  search?: string;

  @ApiPropertyOptional({ description: "In the author's name or display name" })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  searchAccount?: string;

  @ApiPropertyOptional({ description: "In the video's name" })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  searchVideo?: string;

  @ApiPropertyOptional({ description: 'Numeric id of a video' })
  @IsOptional()
  @IsIntInRange(1, DATABASE_INT_MAX)
  videoId?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsIntInRange(1, DATABASE_INT_MAX)
  videoChannelId?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  isHeldForReview?: boolean;
}

/** Filters of `GET /videos/comments` (every comment, for moderators). */
export class ListAllCommentsQueryDto extends ListMyVideosCommentsQueryDto {
  @ApiPropertyOptional({ description: 'Only comments written on this instance (true) or elsewhere (false)' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  isLocal?: boolean;

  @ApiPropertyOptional({ description: 'Only comments on videos of this instance (true) or of others (false)' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  onLocalVideo?: boolean;
}
