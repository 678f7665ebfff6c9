import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '../../core/logging/logging.module.js';
import { InstanceAccountService } from '../../modules/accounts/instance-account.service.js';
import { FollowsRepository } from '../../modules/follows/follows.repository.js';
import { PlaylistsRepository, type RemoteElement } from '../../modules/playlists/playlists.repository.js';
import { RemoteChannelsService } from '../actors/remote-channels.service.js';
import { RemoteActorsService } from '../actors/remote-actors.service.js';
import { hostOfUrl, idOf, InvalidRemoteDocument, isObject } from '../activitypub/remote-document.js';
import { RemoteVideosService } from '../videos/remote-videos.service.js';
import {
  sanitizePlaylistElement,
  sanitizePlaylistObject,
  sanitizePlaylistPage,
  type SanitizedPlaylist,
  type SanitizedPlaylistElement,
} from './playlist-object.sanitizer.js';

/** Most elements of a remote playlist read (each is one request to its origin), and pages crawled for them. */
const MAX_REMOTE_ELEMENTS = 200;
const MAX_PAGES = 50;
/** Most videos not known here fetched for one playlist; elements of the others are left out. */
const MAX_VIDEO_FETCHES = 20;
/** What is read of a newly followed instance: the playlists of this many of its channels, this many each. */
const MAX_CRAWLED_CHANNELS = 20;
const MAX_CRAWLED_PLAYLISTS = 20;

/**
 * Playlists of other instances: a Create or Update stores or refreshes one shown on a channel someone here follows
 * (or of an instance this one follows), with its elements read from its origin page by page; Delete removes it.
 */
@Injectable()
export class RemotePlaylistsService {
  private readonly logger: Logger;

  constructor(
    @Inject(LOGGER) logger: Logger,
    private readonly playlists: PlaylistsRepository,
    private readonly remoteActors: RemoteActorsService,
    private readonly remoteChannels: RemoteChannelsService,
    private readonly remoteVideos: RemoteVideosService,
    private readonly follows: FollowsRepository,
    private readonly instanceAccount: InstanceAccountService,
  ) {
    this.logger = logger.child({ component: 'federation' });
  }

  /**
   * A Playlist object from `originHost`, carried by an activity addressed to `audience` (its `to`). The activity only
   * says that the playlist changed: what is stored is the playlist as its origin serves it now, so activities
   * processed out of order (a Create with no elements after the Updates that added them) cannot leave an older
   * state behind; one older than the stored copy (`updated`) changes nothing.
   */
  async receive(document: unknown, originHost: string, audience?: unknown): Promise<void> {
    const announced = sanitizePlaylistObject(document, originHost, audience);
    const instanceActorId = (await this.instanceAccount.get()).actorId;
    if (!(await this.follows.wantsVideosOf(instanceActorId, originHost, [announced.channelUrl]))) {
      this.logger.info({ host: originHost, playlist: announced.url }, 'playlist no one here follows: ignored');
      return;
    }
    const playlist = sanitizePlaylistObject(await this.remoteActors.fetchDocument(announced.url), originHost);
    if (playlist.url !== announced.url || playlist.channelUrl !== announced.channelUrl)
      throw new InvalidRemoteDocument(`${announced.url} is served as another playlist`);
    const channel = await this.remoteChannels.channelOf(playlist.channelUrl);
    const known = await this.playlists.getByUuid(playlist.uuid);
    if (known && (known.url !== playlist.url || known.isLocal))
      throw new InvalidRemoteDocument(`uuid ${playlist.uuid} is taken`);
    const stored = await this.playlists.upsertRemote({
      uuid: playlist.uuid,
      url: playlist.url,
      name: playlist.name,
      description: playlist.description,
      privacy: playlist.privacy,
      ownerAccountId: channel.accountId,
      channelId: channel.id,
      thumbnailUrl: playlist.thumbnailUrl,
      createdAt: playlist.published,
      updatedAt: playlist.updated,
    });
    if (!stored) {
      this.logger.info({ playlist: playlist.url }, 'playlist older than the copy stored here: ignored');
      return;
    }
    const elements = await this.crawlElements(playlist, originHost);
    await this.playlists.replaceRemoteElements(stored.id, await this.withVideos(elements, playlist.url));
  }

  /**
   * After a follow of `host`: the public playlists of its channels known here (those of the videos just read from its
   * outbox), from each channel's `playlists` collection, as PeerTube reads an account's when it first meets it; so
   * the playlists made before the follow arrive too.
   */
  async crawlPlaylistsOfHost(host: string): Promise<void> {
    for (const channelUrl of await this.playlists.remoteChannelUrlsOfHost(host, MAX_CRAWLED_CHANNELS)) {
      try {
        for (const playlistUrl of await this.playlistUrlsOf(channelUrl, host))
          await this.receive(await this.remoteActors.fetchDocument(playlistUrl), host);
      } catch (error) {
        // One channel or playlist that cannot be read does not stop the others.
        if (!(error instanceof InvalidRemoteDocument)) throw error;
        this.logger.info({ channel: channelUrl, reason: error.message }, 'channel playlists skipped');
      }
    }
  }

  private async playlistUrlsOf(channelUrl: string, host: string): Promise<string[]> {
    const actor = await this.remoteActors.fetchDocument(channelUrl);
    const collectionUrl = isObject(actor) ? idOf(actor.playlists) : undefined;
    if (!collectionUrl || hostOfUrl(collectionUrl) !== host) return [];
    const collection = await this.remoteActors.fetchDocument(collectionUrl);
    const urls: string[] = [];
    let page: unknown = isObject(collection) ? collection.first : undefined;
    for (let pages = 0; page !== undefined && pages < MAX_PAGES && urls.length < MAX_CRAWLED_PLAYLISTS; pages++) {
      const pageUrl = idOf(page);
      if (typeof page === 'string' && hostOfUrl(page) !== host) break;
      const current = typeof page === 'string' ? await this.remoteActors.fetchDocument(page) : page;
      if (!isObject(current) || !Array.isArray(current.orderedItems)) break;
      for (const item of current.orderedItems.slice(0, MAX_CRAWLED_PLAYLISTS - urls.length)) {
        const url = idOf(item);
        if (url && hostOfUrl(url) === host) urls.push(url);
      }
      page = current.next;
      if (idOf(page) === pageUrl) break;
    }
    return urls;
  }

  async receiveDelete(url: string): Promise<void> {
    if (await this.playlists.deleteRemoteByUrl(url)) this.logger.info({ playlist: url }, 'remote playlist deleted');
  }

  /** The elements, page after page from the first, each fetched from the origin when a page gives its id alone. */
  private async crawlElements(playlist: SanitizedPlaylist, originHost: string): Promise<SanitizedPlaylistElement[]> {
    const elements: SanitizedPlaylistElement[] = [];
    let page = playlist.first;
    for (let pages = 0; page !== undefined && pages < MAX_PAGES && elements.length < MAX_REMOTE_ELEMENTS; pages++) {
      const current =
        typeof page === 'string' ? sanitizePlaylistPage(await this.remoteActors.fetchDocument(page), originHost) : page;
      for (const item of current.items.slice(0, MAX_REMOTE_ELEMENTS - elements.length)) {
        const element = typeof item === 'string' ? await this.fetchElement(item, originHost) : item;
        if (element) elements.push(element);
      }
      page = current.next;
    }
    return elements;
  }

  private async fetchElement(url: string, originHost: string): Promise<SanitizedPlaylistElement | undefined> {
    try {
      const element = sanitizePlaylistElement(await this.remoteActors.fetchDocument(url), originHost);
      if (element.url !== url) throw new InvalidRemoteDocument(`${url} served another element`);
      return element;
    } catch (error) {
      // One element its origin does not serve (any more) is left out, as PeerTube does.
      if (!(error instanceof InvalidRemoteDocument)) throw error;
      this.logger.info({ element: url, reason: error.message }, 'playlist element refused');
      return undefined;
    }
  }

  /** The elements whose video is known here, after fetching a few unknown ones through the remote video path. */
  private async withVideos(elements: SanitizedPlaylistElement[], playlistUrl: string): Promise<RemoteElement[]> {
    const urls = [...new Set(elements.map((element) => element.videoUrl))];
    let known = await this.playlists.videoIdsByUrls(urls);
    const unknown = urls.filter((url) => !known.has(url)).slice(0, MAX_VIDEO_FETCHES);
    for (const url of unknown) {
      try {
        await this.remoteVideos.receiveAnnounce(url);
      } catch (error) {
        // Its element is left out; the playlist's next Update tries again.
        const reason = error instanceof Error ? error.message : String(error);
        this.logger.info({ video: url, playlist: playlistUrl, reason }, 'playlist video not taken in');
      }
    }
    if (unknown.length > 0) known = await this.playlists.videoIdsByUrls(urls);
    return elements.flatMap((element) => {
      const videoId = known.get(element.videoUrl);
      return videoId === undefined ? [] : [{ ...element, videoId }];
    });
  }
}
