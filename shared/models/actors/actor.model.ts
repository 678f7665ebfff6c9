/** Image of an actor (avatar or banner). */
export interface ActorImage {
  width: number;
  height: number;
  path: string;
  fileUrl: string;
  createdAt: string;
  updatedAt: string;
}

/** Fields shared by accounts and channels in the REST API. */
export interface Actor {
  id: number;
  /** ActivityPub id of the actor. */
  url: string;
  name: string;
  host: string;
  hostRedundancyAllowed: boolean;
  followingCount: number;
  followersCount: number;
  createdAt: string;
  avatars: ActorImage[];
}

export interface Account extends Actor {
  displayName: string;
  description: string | null;
  updatedAt: string;
  userId?: number;
}

export interface AccountSummary {
  id: number;
  name: string;
  displayName: string;
  url: string;
  host: string;
  avatars: ActorImage[];
}

export interface VideoChannel extends Actor {
  displayName: string;
  description: string | null;
  support: string | null;
  isLocal: boolean;
  updatedAt: string;
  banners: ActorImage[];
  ownerAccount: Account;
}

export interface VideoChannelCreate {
  name: string;
  displayName: string;
  description?: string;
  support?: string;
}

export type VideoChannelUpdate = Partial<Omit<VideoChannelCreate, 'name'>>;
