import { Module } from '@nestjs/common';
import { FollowsRepository } from './follows.repository.js';

/** Follows between actors; server/federation drives them. */
@Module({ providers: [FollowsRepository], exports: [FollowsRepository] })
export class FollowsModule {}
