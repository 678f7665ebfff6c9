import type { VideoChannel } from '../../../shared/models/actors/actor.model.js';
import { USER_ROLE_LABELS } from '../../../shared/models/users/user-role.js';
import type { User } from '../../../shared/models/users/user.model.js';
import { formatAccount } from '../accounts/account.formatter.js';
import type { AccountEntity } from '../accounts/account.entity.js';
import type { UserEntity } from './user.entity.js';

export function formatUser(user: UserEntity, account: AccountEntity, channels: VideoChannel[], host: string): User {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    emailVerified: user.emailVerified,
    nsfwPolicy: user.nsfwPolicy,
    p2pEnabled: user.p2pEnabled,
    autoPlayVideo: user.autoPlayVideo,
    role: { id: user.role, label: USER_ROLE_LABELS[user.role] },
    videoQuota: user.videoQuota,
    videoQuotaDaily: user.videoQuotaDaily,
    account: formatAccount(account, host),
    videoChannels: channels,
    blocked: user.blocked,
    blockedReason: user.blockedReason,
    createdAt: user.createdAt.toISOString(),
    lastLoginDate: user.lastLoginDate?.toISOString() ?? null,
  };
}
