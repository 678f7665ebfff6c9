import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource, type EntityManager } from 'typeorm';
import type { ActorImage } from '../../../shared/models/actors/actor.model.js';
import { OnDomainEvent, DomainEvents, type DomainEventMap } from '../../core/events/domain-events.js';
import { LOGGER } from '../../core/logging/logging.module.js';
import { IMAGE_PROCESSOR, type ImageProcessor, type PictureFormat } from '../../core/media/image-processor.js';
import { ACTOR_IMAGE_SIZES, MAX_ACTOR_IMAGE_BYTES } from '../../core/media/image-sizes.js';
import { MEDIA_PROBE, MediaProbeError, type MediaProbe } from '../../core/media/media-probe.js';
import { FILE_STORE, type FileStore } from '../../core/storage/file-store.js';
import { StoragePaths } from '../../core/storage/storage-paths.js';
import { AccountsRepository } from '../accounts/accounts.repository.js';
import type { ActorImageEntity, ActorImageType } from '../actors/actor-image.entity.js';
import { formatActorImages } from '../actors/actor-image.formatter.js';
import { ActorImagesRepository, type NewActorImage } from '../actors/actor-images.repository.js';
import type { ActorEntity } from '../actors/actor.entity.js';
import type { AuthUser } from '../auth/auth-user.js';
import { ChannelsRepository } from '../channels/channels.repository.js';
import { ChannelsService } from '../channels/channels.service.js';
import { actorImageErrors, type ImageField } from './actor-images.errors.js';

/** An uploaded picture, as multer stored it. */
export interface UploadedImage {
  path: string;
  size: number;
}

const FIELDS: Record<ActorImageType, ImageField> = { avatar: 'avatarfile', banner: 'bannerfile' };

/** What the probe names each accepted codec, and how its sizes are written. */
const FORMATS: Record<string, { format: PictureFormat; extension: string }> = {
  png: { format: 'png', extension: '.png' },
  mjpeg: { format: 'jpeg', extension: '.jpg' },
  webp: { format: 'webp', extension: '.webp' },
};

/**
 * Avatars of accounts, avatars and banners of channels: an upload is checked by decoding it (not by its name or
 * declared type), made into PeerTube's sizes, stored, and replaces the previous one, whose files are removed. Other
 * instances learn of the change from the `actor.updated` event (federation sends an Update of the actor).
 */
@Injectable()
export class ActorImagesService {
  private readonly logger: Logger;

  constructor(
    @Inject(LOGGER) logger: Logger,
    @Inject(MEDIA_PROBE) private readonly probe: MediaProbe,
    @Inject(IMAGE_PROCESSOR) private readonly processor: ImageProcessor,
    @Inject(FILE_STORE) private readonly store: FileStore,
    private readonly paths: StoragePaths,
    private readonly images: ActorImagesRepository,
    private readonly accounts: AccountsRepository,
    private readonly channels: ChannelsService,
    private readonly channelsRepository: ChannelsRepository,
    private readonly events: DomainEvents,
    private readonly dataSource: DataSource,
  ) {
    this.logger = logger.child({ component: 'actor-images' });
  }

  async pickMyAvatar(user: AuthUser, upload: UploadedImage | undefined): Promise<ActorImage[]> {
    return this.replace(await this.accountActor(user), 'avatar', upload);
  }

  async deleteMyAvatar(user: AuthUser): Promise<void> {
    await this.remove(await this.accountActor(user), 'avatar');
  }

  /** The channel is checked before the picture is looked at: a refused user learns nothing from its processing. */
  async pickChannelImage(
    user: AuthUser,
    handle: string,
    type: ActorImageType,
    upload: UploadedImage | undefined,
  ): Promise<ActorImage[]> {
    const channel = await this.channels.getManaged(user, handle).catch(async (error: unknown) => {
      if (upload) await rm(upload.path, { force: true });
      throw error;
    });
    return this.replace(channel.actor, type, upload);
  }

  async deleteChannelImage(user: AuthUser, handle: string, type: ActorImageType): Promise<void> {
    await this.remove((await this.channels.getManaged(user, handle)).actor, type);
  }

  /** The rows go with the actor's (a cascade), in the deleting transaction; the files once that commits. */
  @OnDomainEvent('channel.deleting', { inTransaction: true })
  async onChannelDeleting({ channelId }: DomainEventMap['channel.deleting'], manager: EntityManager): Promise<void> {
    const channel = await this.channelsRepository.getById(channelId);
    if (!channel) return;
    const images = await this.images.listLocalOfActors([channel.actorId]);
    this.events.afterCommit(manager, () => this.removeFiles(images));
  }

  @OnDomainEvent('account.deleting', { inTransaction: true })
  async onAccountDeleting({ accountId }: DomainEventMap['account.deleting'], manager: EntityManager): Promise<void> {
    const images = await this.images.listLocalOfAccount(accountId);
    this.events.afterCommit(manager, () => this.removeFiles(images));
  }

  private async accountActor(user: AuthUser): Promise<ActorEntity> {
    const account = await this.accounts.getByUserId(user.id);
    if (!account) throw new Error(`user ${user.id} has no account`);
    return account.actor;
  }

  private async replace(
    actor: ActorEntity,
    type: ActorImageType,
    upload: UploadedImage | undefined,
  ): Promise<ActorImage[]> {
    const field = FIELDS[type];
    if (!upload) throw actorImageErrors.missingFile(field);
    const workDir = this.paths.actorImageWorkDir(randomUUID());
    try {
      const { format, extension } = await this.check(upload, field);
      await mkdir(workDir, { recursive: true });
      const sizes: NewActorImage[] = [];
      for (const { width, height } of ACTOR_IMAGE_SIZES[type]) {
        const filename = `${randomUUID()}${extension}`;
        await this.processor
          .resize({ sourcePath: upload.path, outputPath: path.join(workDir, filename), ...{ width, height, format } })
          .catch((error: unknown) => {
            // Headers that probe well over data that does not decode (a truncated file).
            if (error instanceof MediaProbeError) throw actorImageErrors.invalidImage(field, error.detail);
            throw error;
          });
        sizes.push({ filename, width, height, fileUrl: null });
      }
      const stored = sizes.map((image) => ({ ...image, type }));
      for (const image of stored) await this.store.put(path.join(workDir, image.filename), this.key(image));
      const previous = await this.replaceRows(actor, type, sizes).catch(async (error: unknown) => {
        await this.removeFiles(stored);
        throw error;
      });
      await this.removeFiles(previous);
      return this.current(actor, type);
    } finally {
      await Promise.all([upload.path, workDir].map((file) => rm(file, { recursive: true, force: true })));
    }
  }

  private async remove(actor: ActorEntity, type: ActorImageType): Promise<void> {
    await this.removeFiles(await this.replaceRows(actor, type, []));
  }

  /** Replaces the rows; other instances hear of a change (an Update of the actor), in the same transaction. */
  private async replaceRows(
    actor: ActorEntity,
    type: ActorImageType,
    sizes: NewActorImage[],
  ): Promise<ActorImageEntity[]> {
    return this.dataSource.transaction(async (manager) => {
      const previous = await this.images.replace(actor.id, type, sizes, manager);
      if (sizes.length > 0 || previous.length > 0)
        await this.events.emit(manager, 'actor.updated', { actorId: actor.id });
      return previous;
    });
  }

  /** Decodes the upload: only a single PNG, JPEG or WebP picture within the limits is taken. */
  private async check(upload: UploadedImage, field: ImageField): Promise<{ format: PictureFormat; extension: string }> {
    if (upload.size > MAX_ACTOR_IMAGE_BYTES) throw actorImageErrors.tooLarge(field, MAX_ACTOR_IMAGE_BYTES);
    try {
      const { codec } = await this.probe.probeImage(upload.path);
      const format = FORMATS[codec];
      if (!format) throw actorImageErrors.invalidImage(field, `Pictures in ${codec} are not accepted`);
      return format;
    } catch (error) {
      if (error instanceof MediaProbeError) throw actorImageErrors.invalidImage(field, error.detail);
      throw error;
    }
  }

  private async current(actor: ActorEntity, type: ActorImageType): Promise<ActorImage[]> {
    await this.images.attach([actor]);
    return formatActorImages(actor, type);
  }

  private async removeFiles(images: Pick<ActorImageEntity, 'type' | 'filename' | 'fileUrl'>[]): Promise<void> {
    for (const image of images.filter((candidate) => candidate.fileUrl === null)) {
      // A file that cannot be removed now is only wasted space; the change itself is done.
      await this.store.remove(this.key(image)).catch((error: unknown) => {
        this.logger.warn({ err: error, filename: image.filename }, 'cannot remove an actor image file');
      });
    }
  }

  private key(image: Pick<ActorImageEntity, 'type' | 'filename'>): string {
    return this.paths.actorImageKey(image.type, image.filename);
  }
}
