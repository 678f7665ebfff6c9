import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import { DATABASE_INT_MAX } from '../../../core/http/integers.js';
import { MAX_CHAPTER_TITLE } from '../description-chapters.js';

/** More chapters than this in one video is not a chapter list. */
export const MAX_CHAPTERS = 500;

export class ChapterDto {
  @ApiProperty({ description: 'Start of the chapter, in seconds', minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(DATABASE_INT_MAX)
  timecode: number;

  @ApiProperty({ minLength: 1, maxLength: MAX_CHAPTER_TITLE })
  @IsString()
  @Length(1, MAX_CHAPTER_TITLE)
  title: string;
}

/** PeerTube's VideoChapterUpdate. */
export class ChaptersUpdateDto {
  @ApiProperty({ type: [ChapterDto], maxItems: MAX_CHAPTERS })
  @IsArray()
  @ArrayMaxSize(MAX_CHAPTERS)
  @ValidateNested({ each: true })
  @Type(() => ChapterDto)
  chapters: ChapterDto[];
}
