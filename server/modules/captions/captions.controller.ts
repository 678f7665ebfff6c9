import {
  Controller,
  Delete,
  Get,
  HttpCode,
  Injectable,
  Param,
  Put,
  UploadedFile,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import type { ResultList } from '../../../shared/models/common.js';
import type { VideoCaption } from '../../../shared/models/videos/video-caption.model.js';
import { setBodyLimit } from '../../core/http/request-body-limit.js';
import { Authenticated, CurrentUser } from '../auth/auth.decorators.js';
import type { AuthUser } from '../auth/auth-user.js';
import { VideoIdParamDto } from '../videos/dto/video.dto.js';
import { captionErrors } from './captions.errors.js';
import { CaptionsService } from './captions.service.js';
import { CaptionParamsDto, CaptionUploadDto } from './dto/caption.dto.js';

/** Room for the multipart framing around the file. */
const MULTIPART_OVERHEAD_BYTES = 16 * 1024;

/** Cuts a caption upload's body as soon as it is longer than a caption may be, before multer buffers it. */
@Injectable()
export class CaptionBodyLimitInterceptor implements NestInterceptor {
  constructor(private readonly captions: CaptionsService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const max = this.captions.maxFileSize;
    setBodyLimit(context.switchToHttp().getRequest<Request>(), {
      bytes: max + MULTIPART_OVERHEAD_BYTES,
      error: () => captionErrors.fileTooLarge(max),
    });
    return next.handle();
  }
}

@ApiTags('Video Captions')
@Controller('api/v1/videos')
export class CaptionsController {
  constructor(private readonly captions: CaptionsService) {}

  @Get(':id/captions')
  @ApiOperation({ summary: "List a video's captions" })
  list(@Param() params: VideoIdParamDto, @CurrentUser() user?: AuthUser): Promise<ResultList<VideoCaption>> {
    return this.captions.list(params.id, user);
  }

  @Put(':id/captions/:captionLanguage')
  @HttpCode(204)
  @Authenticated()
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: CaptionUploadDto })
  @ApiNoContentResponse()
  @ApiOperation({ summary: 'Add or replace the caption of a language (WebVTT, or SRT converted to WebVTT)' })
  @UseInterceptors(CaptionBodyLimitInterceptor, FileInterceptor('captionfile'))
  upload(
    @CurrentUser() user: AuthUser,
    @Param() params: CaptionParamsDto,
    @UploadedFile() file: Express.Multer.File | undefined,
  ): Promise<void> {
    return this.captions.upload(user, params.id, params.captionLanguage, file?.buffer);
  }

  @Delete(':id/captions/:captionLanguage')
  @HttpCode(204)
  @Authenticated()
  @ApiNoContentResponse()
  @ApiOperation({ summary: 'Delete the caption of a language' })
  delete(@CurrentUser() user: AuthUser, @Param() params: CaptionParamsDto): Promise<void> {
    return this.captions.delete(user, params.id, params.captionLanguage);
  }
}
