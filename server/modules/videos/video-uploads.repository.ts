import { Injectable } from '@nestjs/common';
import { DataSource, LessThan, type EntityManager } from 'typeorm';
import { VideoUploadEntity } from './video-upload.entity.js';

@Injectable()
export class VideoUploadsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get repository() {
    return this.dataSource.getRepository(VideoUploadEntity);
  }

  getForUser(id: string, userId: number): Promise<VideoUploadEntity | null> {
    return this.repository.findOneBy({ id, userId });
  }

  async create(
    manager: EntityManager,
    upload: Omit<VideoUploadEntity, 'createdAt' | 'updatedAt' | 'videoId'>,
  ): Promise<void> {
    await manager.getRepository(VideoUploadEntity).insert(upload);
  }

  async touch(id: string): Promise<void> {
    await this.repository.update({ id }, { updatedAt: new Date() });
  }

  async delete(id: string): Promise<void> {
    await this.repository.delete({ id });
  }

  async listIds(): Promise<Set<string>> {
    const rows = await this.repository.find({ select: { id: true } });
    return new Set(rows.map((row) => row.id));
  }

  /** Deletes sessions untouched since `before`; returns their ids. */
  async deleteStale(before: Date): Promise<string[]> {
    const stale = await this.repository.find({ select: { id: true }, where: { updatedAt: LessThan(before) } });
    if (stale.length > 0) await this.repository.delete(stale.map((row) => row.id));
    return stale.map((row) => row.id);
  }
}
