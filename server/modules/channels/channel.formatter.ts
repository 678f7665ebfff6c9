import type { VideoChannel } from '../../../shared/models/actors/actor.model.js';
import { formatAccount, formatActor } from '../accounts/account.formatter.js';
import type { VideoChannelEntity } from './video-channel.entity.js';

export function formatChannel(channel: VideoChannelEntity, host: string): VideoChannel {
  return {
    ...formatActor(channel.id, channel.actor, host),
    displayName: channel.displayName,
    description: channel.description,
    support: channel.support,
    isLocal: true,
    updatedAt: channel.updatedAt.toISOString(),
    banners: [],
    ownerAccount: formatAccount(channel.account, host),
  };
}
