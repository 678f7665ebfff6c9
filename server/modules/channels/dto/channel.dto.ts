import { ApiProperty, ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { PaginationQueryDto, sortValues } from '../../../core/http/pagination.js';
import { IsActorName } from '../../actors/actor-name.js';
import { CHANNEL_SORT_COLUMNS } from '../channels.repository.js';

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
