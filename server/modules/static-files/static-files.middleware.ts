import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import serveStatic from 'serve-static';
import { UserRight } from '../../../shared/models/users/user-role.js';
import { VideoPrivacy } from '../../../shared/models/videos/video-enums.js';
import { notFound } from '../../core/errors/domain-error.js';
import { LocalFileStore } from '../../core/storage/file-store.js';
import { ActorImagesRepository } from '../actors/actor-images.repository.js';
import { bearerToken } from '../auth/auth.guard.js';
import { AuthService } from '../auth/auth.service.js';
import { hasRight } from '../auth/auth-user.js';
import { videoErrors } from '../videos/videos.errors.js';
import { resolveServedFile } from './served-file.js';
import { VideoAccessCache } from './video-access.cache.js';

const READ_CHUNK_BYTES = 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.mp4': 'video/mp4',
  '.m4s': 'video/iso.segment',
  '.torrent': 'application/x-bittorrent',
  '.json': 'application/json',
  '.jpg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.vtt': 'text/vtt; charset=utf-8',
};

/**
 * Serves the local file store (Range, ETag, Last-Modified, CORS) under PeerTube's URL layout. Files of private and
 * internal videos are served only to users allowed to see the video (bearer token).
 */
@Injectable()
export class StaticFilesMiddleware implements NestMiddleware {
  private readonly handlers: { urlPrefix: string; serve: ReturnType<typeof serveStatic> }[];

  constructor(
    store: LocalFileStore,
    private readonly access: VideoAccessCache,
    private readonly auth: AuthService,
    private readonly actorImages: ActorImagesRepository,
  ) {
    const options = {
      index: false,
      fallthrough: false,
      // Handed on to fs.createReadStream (serve-static's types omit it): 1 MiB reads instead of 64 KiB ones,
      // as WebSeed clients fetch whole pieces. Measured in bench/webseed.ts.
      highWaterMark: READ_CHUNK_BYTES,
      setHeaders: (response: ServerResponse, filePath: string) => {
        const extension = /\.[a-z0-9]+$/.exec(filePath)?.[0];
        if (extension && CONTENT_TYPES[extension]) response.setHeader('Content-Type', CONTENT_TYPES[extension]);
        response.setHeader('Access-Control-Allow-Origin', '*');
        response.setHeader('Access-Control-Expose-Headers', 'Content-Length, Content-Range');
      },
    };
    this.handlers = store.servedFolders.map(({ urlPrefix, dir }) => ({ urlPrefix, serve: serveStatic(dir, options) }));
  }

  /** Errors (refusals, and serve-static's 404) are thrown so the problem+json filter renders them. */
  async use(request: Request, response: Response, next: NextFunction): Promise<void> {
    const handler = this.handlers.find(({ urlPrefix }) => request.originalUrl.startsWith(`${urlPrefix}/`));
    if (!handler) return next();
    const rawPath = request.originalUrl.slice(handler.urlPrefix.length).split('?')[0];
    const file = resolveServedFile(handler.urlPrefix, rawPath);
    if ('actorImage' in file) {
      // Another instance's avatar or banner is not copied here: its `path` leads to its origin's file.
      const image = await this.actorImages.getByFilename(file.actorImage);
      if (image?.fileUrl) {
        response.redirect(302, image.fileUrl);
        return;
      }
    } else await this.authorize(request, file.videoUuid);
    // serve-static resolves paths against the folder and decodes them: it gets the decoded path that was
    // authorised, which has nothing left to decode.
    request.url = file.path;
    await new Promise<void>((resolve, reject) => {
      response.once('close', () => resolve());
      handler.serve(request, response, (error?: Error) => (error ? reject(error) : resolve()));
    });
  }

  private async authorize(request: Request, videoUuid: string): Promise<void> {
    const access = await this.access.get(videoUuid);
    // Files outlive their video only for the moment of a deletion: without the video, nothing says who may read them.
    if (!access) throw notFound('File');
    if (access.privacy === VideoPrivacy.Public || access.privacy === VideoPrivacy.Unlisted) return;
    const token = bearerToken(request);
    const user = token ? await this.auth.authenticate(token).catch(() => undefined) : undefined;
    if (!user) throw videoErrors.privateVideo(false);
    if (access.privacy === VideoPrivacy.Internal) return;
    if (user.id !== access.ownerUserId && !hasRight(user, UserRight.ManageAnyVideo))
      throw videoErrors.privateVideo(true);
  }
}
