import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { NextFunction, Request, Response } from 'express';
import serveStatic from 'serve-static';
import { UserRight } from '../../../shared/models/users/user-role.js';
import { VideoPrivacy } from '../../../shared/models/videos/video-enums.js';
import { notFound } from '../../core/errors/domain-error.js';
import { parseByteRange } from '../../core/http/byte-range.js';
import { contentTypeOf } from '../../core/storage/content-types.js';
import {
  FILE_STORE,
  LocalFileStore,
  SERVED_FOLDERS,
  type FileStore,
  type FileVisibility,
} from '../../core/storage/file-store.js';
import { ActorImagesRepository } from '../actors/actor-images.repository.js';
import { bearerToken } from '../auth/auth.guard.js';
import { AuthService } from '../auth/auth.service.js';
import { hasRight } from '../auth/auth-user.js';
import { fileVisibilityOf } from '../videos/video.formatter.js';
import { videoErrors } from '../videos/videos.errors.js';
import { resolveServedFile } from './served-file.js';
import { withCurrentWebSeeds } from './served-torrent.js';
import { VideoAccessCache } from './video-access.cache.js';

const READ_CHUNK_BYTES = 1024 * 1024;
const TORRENTS_FOLDER = 'torrents';

type Serve = (request: Request, response: Response, key: string, next: (error?: Error) => void) => void;

function setCommonHeaders(response: ServerResponse, filePath: string): void {
  const contentType = contentTypeOf(filePath);
  if (contentType) response.setHeader('Content-Type', contentType);
  response.setHeader('Access-Control-Allow-Origin', '*');
  response.setHeader('Access-Control-Expose-Headers', 'Content-Length, Content-Range');
}

/**
 * Serves the file store (Range, ETag, Last-Modified, CORS) under PeerTube's URL layout: the local store from disk,
 * an object store by streaming from the bucket (public files are fetched from the bucket's URL, but these routes
 * stay valid, and private files have no other way). Files of private and internal videos are served only to users
 * allowed to see the video (bearer token).
 */
@Injectable()
export class StaticFilesMiddleware implements NestMiddleware {
  private readonly handlers: { urlPrefix: string; folder: string; serve: Serve }[];

  constructor(
    @Inject(FILE_STORE) private readonly store: FileStore,
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
      setHeaders: setCommonHeaders,
    };
    this.handlers = SERVED_FOLDERS.map(({ urlPrefix, folder }) => {
      if (!(store instanceof LocalFileStore)) return { urlPrefix, folder, serve: this.streamFromStore };
      const serve = serveStatic(store.folderPath(folder), options);
      const local: Serve = (request, response, _key, next) => {
        serve(request, response, next);
      };
      return { urlPrefix, folder, serve: local };
    });
  }

  /** Errors (refusals, and serve-static's 404) are thrown so the problem+json filter renders them. */
  async use(request: Request, response: Response, next: NextFunction): Promise<void> {
    const handler = this.handlers.find(({ urlPrefix }) => request.originalUrl.startsWith(`${urlPrefix}/`));
    if (!handler) return next();
    const rawPath = request.originalUrl.slice(handler.urlPrefix.length).split('?')[0];
    const file = resolveServedFile(handler.urlPrefix, rawPath);
    let visibility: FileVisibility = 'public';
    if ('actorImage' in file) {
      // Another instance's avatar or banner is not copied here: its `path` leads to its origin's file.
      const image = await this.actorImages.getByFilename(file.actorImage);
      if (image?.fileUrl) {
        response.redirect(302, image.fileUrl);
        return;
      }
    } else visibility = await this.authorize(request, file.videoUuid);
    const key = this.store.placed(`${handler.folder}${file.path}`, visibility);
    if (handler.folder === TORRENTS_FOLDER) return this.serveTorrent(response, key, visibility);
    // serve-static resolves paths against the folder and decodes them: it gets the decoded path that was
    // authorised, which has nothing left to decode.
    request.url = file.path;
    await new Promise<void>((resolve, reject) => {
      response.once('close', () => resolve());
      handler.serve(request, response, key, (error?: Error) => (error ? reject(error) : resolve()));
    });
  }

  /** A torrent, with WebSeeds where its file is now (served-torrent.ts); small, so read whole. */
  private async serveTorrent(response: Response, key: string, visibility: FileVisibility): Promise<void> {
    const file = await this.store.read(key);
    if (!file) throw notFound('File');
    const stored = Buffer.concat(await file.body.toArray());
    const torrent = await withCurrentWebSeeds(stored, (fileKey) => this.store.url(fileKey, visibility));
    setCommonHeaders(response, key);
    response.setHeader('Content-Length', torrent.length);
    response.end(torrent);
  }

  /** The object store's file, with what serve-static answers from disk: validators, 304, Range and 416. */
  private readonly streamFromStore: Serve = (request, response, key, next) => {
    const serve = async () => {
      const info = await this.store.stat(key);
      if (!info) throw notFound('File');
      setCommonHeaders(response, key);
      response.setHeader('Accept-Ranges', 'bytes');
      response.setHeader('ETag', info.etag);
      response.setHeader('Last-Modified', info.lastModified.toUTCString());
      if (request.headers['if-none-match'] === info.etag) {
        response.status(304).end();
        return;
      }
      const range = parseByteRange(request.headers.range, info.size);
      if (range === 'unsatisfiable') {
        response.setHeader('Content-Range', `bytes */${info.size}`);
        response.status(416).end();
        return;
      }
      const file = await this.store.read(key, range);
      if (!file) throw notFound('File');
      if (range) {
        response.status(206).setHeader('Content-Range', `bytes ${range.start}-${range.end}/${info.size}`);
      }
      response.setHeader('Content-Length', range ? range.end - range.start + 1 : info.size);
      if (request.method === 'HEAD') {
        file.body.destroy();
        response.end();
        return;
      }
      await pipeline(file.body, response);
    };
    serve().then(
      () => next(),
      (error: Error) => (response.headersSent ? response.destroy(error) : next(error)),
    );
  };

  /** Refuses who may not read the video's files; answers where they are. */
  private async authorize(request: Request, videoUuid: string): Promise<FileVisibility> {
    const access = await this.access.get(videoUuid);
    // Files outlive their video only for the moment of a deletion: without the video, nothing says who may read them.
    if (!access) throw notFound('File');
    const visibility = fileVisibilityOf(access.privacy);
    if (visibility === 'public') return visibility;
    const token = bearerToken(request);
    const user = token ? await this.auth.authenticate(token).catch(() => undefined) : undefined;
    if (!user) throw videoErrors.privateVideo(false);
    if (access.privacy === VideoPrivacy.Internal) return visibility;
    if (user.id !== access.ownerUserId && !hasRight(user, UserRight.ManageAnyVideo))
      throw videoErrors.privateVideo(true);
    return visibility;
  }
}
