import { Module } from '@nestjs/common';
import { ActorsModule } from '../actors/actors.module.js';
import { ChannelsModule } from '../channels/channels.module.js';
import { ServersModule } from '../servers/servers.module.js';
import { VideosModule } from '../videos/videos.module.js';
import { PlaylistElementsService } from './playlist-elements.service.js';
import { OwnerPlaylistsController, PlaylistsController } from './playlists.controller.js';
import { PlaylistsRepository } from './playlists.repository.js';
import { PlaylistsService } from './playlists.service.js';

@Module({
  imports: [ActorsModule, ChannelsModule, ServersModule, VideosModule],
  controllers: [PlaylistsController, OwnerPlaylistsController],
  providers: [PlaylistsRepository, PlaylistsService, PlaylistElementsService],
  exports: [PlaylistsRepository, PlaylistsService],
})
export class PlaylistsModule {}
