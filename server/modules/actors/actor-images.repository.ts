import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { ActorImageEntity, type ActorImageType } from './actor-image.entity.js';
import type { ActorEntity } from './actor.entity.js';

/** One size of an image to store. */
export type NewActorImage = Pick<ActorImageEntity, 'filename' | 'width' | 'height' | 'fileUrl'>;

@Injectable()
export class ActorImagesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Loads the images of these actors into their `images`, in one query. Images are attached after the actors are
   * loaded rather than joined to them: joined, they would multiply the rows of queries that already join files and
   * tags.
   */
  async attach(actors: (ActorEntity | null | undefined)[]): Promise<void> {
    const present = actors.filter((actor): actor is ActorEntity => !!actor);
    if (present.length === 0) return;
    const images = await this.dataSource.getRepository(ActorImageEntity).find({
      where: { actorId: In([...new Set(present.map((actor) => actor.id))]) },
      order: { width: 'ASC', id: 'ASC' },
    });
    for (const actor of present) actor.images = images.filter((image) => image.actorId === actor.id);
  }

  listByActor(actorId: number, type?: ActorImageType): Promise<ActorImageEntity[]> {
    return this.dataSource
      .getRepository(ActorImageEntity)
      .find({ where: { actorId, ...(type && { type }) }, order: { width: 'ASC', id: 'ASC' } });
  }

  /** Local images of these actors (the files to remove when they go). */
  listLocalOfActors(actorIds: number[], manager: EntityManager = this.dataSource.manager): Promise<ActorImageEntity[]> {
    if (actorIds.length === 0) return Promise.resolve([]);
    return manager
      .getRepository(ActorImageEntity)
      .createQueryBuilder('image')
      .where('image.actorId IN (:...actorIds) AND image.fileUrl IS NULL', { actorIds })
      .getMany();
  }

  /** Local images of an account's actor and of its channels' actors. */
  listLocalOfAccount(accountId: number): Promise<ActorImageEntity[]> {
    return this.dataSource
      .getRepository(ActorImageEntity)
      .createQueryBuilder('image')
      .where('image.fileUrl IS NULL')
      .andWhere(
        `image.actorId IN (SELECT actor_id FROM accounts WHERE id = :accountId
                           UNION SELECT actor_id FROM video_channels WHERE account_id = :accountId)`,
        { accountId },
      )
      .getMany();
  }

  getByFilename(filename: string): Promise<ActorImageEntity | null> {
    return this.dataSource.getRepository(ActorImageEntity).findOneBy({ filename });
  }

  /**
   * Keeps a remote actor's avatar or banner as its origin now describes it (`images`: their URLs, never copies).
   * Unchanged URLs keep their rows, and so their file names and dates; answers whether anything changed.
   */
  async syncRemote(
    actorId: number,
    type: ActorImageType,
    images: { url: string; extension: string; width: number | null; height: number | null }[],
  ): Promise<boolean> {
    const current = await this.listByActor(actorId, type);
    const key = (rows: { url: string | null; width: number | null; height: number | null }[]) =>
      JSON.stringify(rows.map(({ url, width, height }) => [url, width, height]).sort());
    const currentKey = key(current.map((image) => ({ url: image.fileUrl, width: image.width, height: image.height })));
    if (currentKey === key(images)) return false;
    await this.replace(
      actorId,
      type,
      images.map((image) => ({
        // A name of its own: `path` must not reveal or depend on the origin's naming.
        filename: `${randomUUID()}${image.extension}`,
        fileUrl: image.url,
        width: image.width,
        height: image.height,
      })),
    );
    return true;
  }

  /**
   * Replaces every size of an actor's avatar or banner with `images` (none: removes it), under a lock on the actor
   * so that two replacements at once cannot both keep their rows. Answers the rows that were replaced. Within
   * `within`'s transaction when given.
   */
  async replace(
    actorId: number,
    type: ActorImageType,
    images: NewActorImage[],
    within?: EntityManager,
  ): Promise<ActorImageEntity[]> {
    return (within ?? this.dataSource.manager).transaction(async (manager) => {
      await manager.query('SELECT 1 FROM actors WHERE id = $1 FOR UPDATE', [actorId]);
      const repository = manager.getRepository(ActorImageEntity);
      const previous = await repository.findBy({ actorId, type });
      if (previous.length > 0) await repository.delete({ id: In(previous.map((image) => image.id)) });
      if (images.length > 0) await repository.insert(images.map((image) => ({ ...image, actorId, type })));
      // The actor changed: its ActivityPub Update is identified by this date.
      await manager.query('UPDATE actors SET updated_at = now() WHERE id = $1', [actorId]);
      return previous;
    });
  }
}
