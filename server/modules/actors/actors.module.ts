import { Module } from '@nestjs/common';
import { ActorImagesRepository } from './actor-images.repository.js';
import { ActorsRepository } from './actors.repository.js';
import { ActorsService } from './actors.service.js';

@Module({
  providers: [ActorsRepository, ActorImagesRepository, ActorsService],
  exports: [ActorsRepository, ActorImagesRepository, ActorsService],
})
export class ActorsModule {}
