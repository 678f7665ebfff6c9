import {
  Body,
  Controller,
  Delete,
  Headers,
  HttpCode,
  Post,
  Put,
  Query,
  Req,
  Res,
  UploadedFiles,
  UseInterceptors,
} from '@nestjs/common';
import { FileFieldsInterceptor } from '@nestjs/platform-express';
import { ApiConsumes, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { rm } from 'node:fs/promises';
import type { VideoCreateResult } from '../../../shared/models/videos/video.model.js';
import { Authenticated, CurrentUser } from '../auth/auth.decorators.js';
import type { AuthUser } from '../auth/auth-user.js';
import { ResumableUploadInitDto, VideoUploadDto } from './dto/video.dto.js';
import { ResumableUploadService } from './resumable-upload.service.js';
import { UploadHold, UploadQuotaInterceptor } from './upload-quota.interceptor.js';
import type { QuotaHold } from './upload-quota.repository.js';
import { VideoUploadService } from './video-upload.service.js';
import { videoErrors } from './videos.errors.js';

type UploadedFields = { videofile?: Express.Multer.File[]; thumbnailfile?: Express.Multer.File[] };

const toSource = (file: Express.Multer.File) => ({ path: file.path, filename: file.originalname, size: file.size });

@ApiTags('Video upload')
@Controller('api/v1/videos')
@Authenticated()
export class VideoUploadController {
  constructor(
    private readonly uploads: VideoUploadService,
    private readonly resumable: ResumableUploadService,
  ) {}

  @Post('upload')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @ApiOperation({ summary: 'Upload a video in one multipart request (videofile, optional thumbnailfile, metadata)' })
  // The quota is reserved before multer reads the body, which is bounded by that reservation as it arrives.
  @UseInterceptors(
    UploadQuotaInterceptor,
    FileFieldsInterceptor([
      { name: 'videofile', maxCount: 1 },
      { name: 'thumbnailfile', maxCount: 1 },
    ]),
  )
  async upload(
    @CurrentUser() user: AuthUser,
    @UploadedFiles() files: UploadedFields,
    @Body() dto: VideoUploadDto,
    @UploadHold() hold: QuotaHold | undefined,
  ): Promise<VideoCreateResult> {
    const file = files?.videofile?.[0];
    const thumbnail = files?.thumbnailfile?.[0];
    if (!file) {
      if (thumbnail) await rm(thumbnail.path, { force: true });
      throw videoErrors.missingFile();
    }
    return this.uploads.createVideo(user, dto, toSource(file), { thumbnail: thumbnail && toSource(thumbnail), hold });
  }

  @Post('upload-resumable')
  @HttpCode(201)
  @ApiOperation({ summary: 'Start a resumable upload; the Location header is where to PUT the chunks' })
  async initResumable(
    @CurrentUser() user: AuthUser,
    @Body() dto: ResumableUploadInitDto,
    @Headers('x-upload-content-length') size: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<{ uploadId: string }> {
    const { uploadId, location } = await this.resumable.init(user, dto, size);
    response.setHeader('Location', location);
    return { uploadId };
  }

  @Put('upload-resumable')
  @ApiConsumes('application/octet-stream')
  @ApiOperation({ summary: 'Send a chunk (Content-Range); 308 with Range until complete, then 200 with the video' })
  async putChunk(
    @CurrentUser() user: AuthUser,
    @Query('upload_id') uploadId: string,
    @Headers('content-range') contentRange: string | undefined,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<VideoCreateResult | undefined> {
    const outcome = await this.resumable.receive(user, uploadId ?? '', contentRange, request);
    if (outcome.complete) {
      response.status(200);
      return outcome.result;
    }
    response.status(308);
    if (outcome.received > 0) response.setHeader('Range', `bytes=0-${outcome.received - 1}`);
    return undefined;
  }

  @Delete('upload-resumable')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiOperation({ summary: 'Cancel a resumable upload and delete its bytes' })
  cancel(@CurrentUser() user: AuthUser, @Query('upload_id') uploadId: string): Promise<void> {
    return this.resumable.cancel(user, uploadId ?? '');
  }
}
