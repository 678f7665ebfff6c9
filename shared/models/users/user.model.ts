import type { Account, VideoChannel } from '../actors/actor.model.js';
import type { UserNotificationSetting } from './user-notification.model.js';
import type { UserRole } from './user-role.js';

export type NsfwPolicy = 'display' | 'blur' | 'do_not_list';

export interface User {
  id: number;
  username: string;
  email: string;
  emailVerified: boolean | null;
  nsfwPolicy: NsfwPolicy;
  p2pEnabled: boolean;
  autoPlayVideo: boolean;
  role: { id: UserRole; label: string };
  videoQuota: number;
  videoQuotaDaily: number;
  account: Account;
  videoChannels: VideoChannel[];
  blocked: boolean;
  blockedReason: string | null;
  createdAt: string;
  lastLoginDate: string | null;
  /** Only in `GET /users/me`. */
  notificationSettings?: UserNotificationSetting;
}

export interface UserCreate {
  username: string;
  password: string;
  email: string;
  role: UserRole;
  videoQuota?: number;
  videoQuotaDaily?: number;
  channelName?: string;
}

export interface UserCreateResult {
  user: { id: number; account: { id: number } };
}

export interface UserUpdate {
  password?: string;
  email?: string;
  emailVerified?: boolean;
  role?: UserRole;
  videoQuota?: number;
  videoQuotaDaily?: number;
}

export interface UserRegister {
  username: string;
  password: string;
  email: string;
  displayName?: string;
  channel?: { name: string; displayName: string };
  /** Required when the instance approves registrations. */
  registrationReason?: string;
}

export enum UserRegistrationState {
  Pending = 1,
  Rejected = 2,
  Accepted = 3,
}

export interface UserRegistrationResult {
  state: { id: UserRegistrationState; label: string };
}

export interface UserRegistration {
  id: number;
  state: { id: UserRegistrationState; label: string };
  registrationReason: string;
  moderationResponse: string | null;
  username: string;
  email: string;
  accountDisplayName: string;
  channelHandle: string;
  channelDisplayName: string;
  createdAt: string;
  updatedAt: string;
  user: { id: number } | null;
}

export interface OAuthClientLocal {
  client_id: string;
  client_secret: string;
}

export interface UserToken {
  token_type: 'Bearer';
  access_token: string;
  refresh_token: string;
  expires_in: number;
  refresh_token_expires_in: number;
}
