import type { VideoChannel } from '../../../shared/models/actors/actor.model.js';
import { formatAccount, formatActor } from '../accounts/account.formatter.js';
import { formatActorImages } from '../actors/actor-image.formatter.js';
import type { VideoChannelEntity } from './video-channel.entity.js';

/** `host`: this instance's, for local channels; another instance's channel shows its own (its actor's server). */
export function formatChannel(channel: VideoChannelEntity, host: string): VideoChannel {
  return {
    ...formatActor(channel.id, channel.actor, channel.actor.server?.host ?? host),
    displayName: channel.displayName,
    description: channel.description,
    support: channel.support,
    isLocal: channel.actor.serverId === null,
    updatedAt: channel.updatedAt.toISOString(),
    banners: formatActorImages(channel.actor, 'banner'),
    ownerAccount: formatAccount(channel.account, host),
  };
}
