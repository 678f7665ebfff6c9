import { ApiProperty, ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { PaginationQueryDto, sortValues } from '../../../core/http/pagination.js';
import { IsActorName } from '../../actors/actor-name.js';
import { CHANNEL_SEARCH_SORTS, CHANNEL_SORT_COLUMNS } from '../channels.repository.js';

export class CreateChannelDto {
  @IsActorName()
  name: string;

  @ApiProperty({ minLength: 1, maxLength: 120 })
  @IsString()
  @Length(1, 120)
  displayName: string;

  @ApiPropertyOptional({ minLength: 3, maxLength: 1000 })
  @IsOptional()
  @IsString()
  @Length(3, 1000)
  description?: string;

  @ApiPropertyOptional({ minLength: 3, maxLength: 1000 })
  @IsOptional()
  @IsString()
  @Length(3, 1000)
  support?: string;
}

export class UpdateChannelDto extends PartialType(
  PickType(CreateChannelDto, ['displayName', 'description', 'support']),
) {}

export class ListChannelsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: sortValues(CHANNEL_SORT_COLUMNS), default: '-createdAt' })
  @IsOptional()
  @IsIn(sortValues(CHANNEL_SORT_COLUMNS))
  sort: string = '-createdAt';
}

/** `GET /search/video-channels` (PeerTube's VideoChannelsSearchQuery). */
export class SearchChannelsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({
    maxLength: 200,
    description:
      'Words of the name or display name; a handle (`name@host`, `@name@host`) or actor URL finds that channel',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  search?: string;

  @ApiPropertyOptional({ enum: sortValues(CHANNEL_SEARCH_SORTS), default: '-match' })
  @IsOptional()
  @IsIn(sortValues(CHANNEL_SEARCH_SORTS))
  sort: string = '-match';

  @ApiPropertyOptional({ description: 'Only the channels of this host' })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  host?: string;

  @ApiPropertyOptional({ type: [String], maxItems: 20, description: 'Only these channels (`name@host` handles)' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }): unknown => (Array.isArray(value) ? (value as unknown[]) : [value]))
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 300, { each: true })
  handles?: string[];

  @ApiPropertyOptional({
    enum: ['local', 'search-index'],
    description: "Shoal uses no search index: both search this instance's database",
  })
  @IsOptional()
  @IsIn(['local', 'search-index'])
  searchTarget?: 'local' | 'search-index';
}
