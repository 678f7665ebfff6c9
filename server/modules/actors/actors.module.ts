import { Module } from '@nestjs/common';
import { ActorsRepository } from './actors.repository.js';
import { ActorsService } from './actors.service.js';

@Module({ providers: [ActorsRepository, ActorsService], exports: [ActorsRepository, ActorsService] })
export class ActorsModule {}
