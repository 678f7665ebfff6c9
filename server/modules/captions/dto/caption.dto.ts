import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString } from 'class-validator';
import { VIDEO_LANGUAGES } from '../../../../shared/models/videos/video-enums.js';
import { VideoIdParamDto } from '../../videos/dto/video.dto.js';

export class CaptionParamsDto extends VideoIdParamDto {
  @ApiProperty({ description: 'A language of GET /api/v1/videos/languages', example: 'en' })
  @IsString()
  @IsIn(Object.keys(VIDEO_LANGUAGES), { message: 'must be a language of /api/v1/videos/languages' })
  captionLanguage: string;
}

/** The multipart body of PUT /videos/{id}/captions/{captionLanguage}, for the OpenAPI document. */
export class CaptionUploadDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'WebVTT or SRT file (SRT is converted to WebVTT)' })
  captionfile: unknown;
}
