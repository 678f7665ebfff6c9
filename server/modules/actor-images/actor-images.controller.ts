import { Controller, Delete, HttpCode, Param, Post, UploadedFiles, UseInterceptors } from '@nestjs/common';
import { FileFieldsInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ActorAvatarsResult, ActorBannersResult } from '../../../shared/models/actors/actor.model.js';
import { Authenticated, CurrentUser } from '../auth/auth.decorators.js';
import type { AuthUser } from '../auth/auth-user.js';
import { ActorImagesService, type UploadedImage } from './actor-images.service.js';
import { ImageUploadLimitInterceptor } from './image-upload-limit.interceptor.js';

type UploadedFields = { avatarfile?: Express.Multer.File[]; bannerfile?: Express.Multer.File[] };

const uploaded = (files: Express.Multer.File[] | undefined): UploadedImage | undefined =>
  files?.[0] && { path: files[0].path, size: files[0].size };

/** One multipart field; an unexpected one is refused by multer, whose file is then not kept. */
const imageUpload = (field: 'avatarfile' | 'bannerfile') =>
  UseInterceptors(ImageUploadLimitInterceptor, FileFieldsInterceptor([{ name: field, maxCount: 1 }]));

const imageBody = (field: string) =>
  ApiBody({
    schema: { type: 'object', properties: { [field]: { type: 'string', format: 'binary' } }, required: [field] },
  });

@ApiTags('Users')
@Controller('api/v1/users/me')
@Authenticated()
export class MyAvatarController {
  constructor(private readonly images: ActorImagesService) {}

  @Post('avatar/pick')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @imageBody('avatarfile')
  @ApiOperation({ summary: "Set the user's avatar (PNG, JPEG or WebP, at most 8 MB), made into every size" })
  @imageUpload('avatarfile')
  async pick(@CurrentUser() user: AuthUser, @UploadedFiles() files: UploadedFields): Promise<ActorAvatarsResult> {
    return { avatars: await this.images.pickMyAvatar(user, uploaded(files?.avatarfile)) };
  }

  @Delete('avatar')
  @HttpCode(200)
  @ApiOperation({ summary: "Remove the user's avatar" })
  async delete(@CurrentUser() user: AuthUser): Promise<ActorAvatarsResult> {
    await this.images.deleteMyAvatar(user);
    return { avatars: [] };
  }
}

@ApiTags('Video channels')
@Controller('api/v1/video-channels/:handle')
@Authenticated()
export class ChannelImagesController {
  constructor(private readonly images: ActorImagesService) {}

  @Post('avatar/pick')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @imageBody('avatarfile')
  @ApiOperation({ summary: "Set a channel's avatar (its owner; PNG, JPEG or WebP, at most 8 MB)" })
  @imageUpload('avatarfile')
  async pickAvatar(
    @CurrentUser() user: AuthUser,
    @Param('handle') handle: string,
    @UploadedFiles() files: UploadedFields,
  ): Promise<ActorAvatarsResult> {
    return { avatars: await this.images.pickChannelImage(user, handle, 'avatar', uploaded(files?.avatarfile)) };
  }

  @Post('banner/pick')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @imageBody('bannerfile')
  @ApiOperation({ summary: "Set a channel's banner (its owner; PNG, JPEG or WebP, at most 8 MB)" })
  @imageUpload('bannerfile')
  async pickBanner(
    @CurrentUser() user: AuthUser,
    @Param('handle') handle: string,
    @UploadedFiles() files: UploadedFields,
  ): Promise<ActorBannersResult> {
    return { banners: await this.images.pickChannelImage(user, handle, 'banner', uploaded(files?.bannerfile)) };
  }

  @Delete('avatar')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiOperation({ summary: "Remove a channel's avatar" })
  deleteAvatar(@CurrentUser() user: AuthUser, @Param('handle') handle: string): Promise<void> {
    return this.images.deleteChannelImage(user, handle, 'avatar');
  }

  @Delete('banner')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiOperation({ summary: "Remove a channel's banner" })
  deleteBanner(@CurrentUser() user: AuthUser, @Param('handle') handle: string): Promise<void> {
    return this.images.deleteChannelImage(user, handle, 'banner');
  }
}
