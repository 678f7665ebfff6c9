/** One size of an actor's avatar or banner (PeerTube 8 lists every size; there is no singular `avatar` any more). */
export interface ActorImage {
  /** Null only for a remote image whose origin gave no size. */
  width: number | null;
  height: number | null;
  /** `/lazy-static/avatars/<filename>` or `/lazy-static/banners/<filename>`, on this instance. */
  path: string;
  /** Where the file is: this instance's URL for its own images, the origin's for another instance's. */
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

/** Answer of `POST /api/v1/users/me/avatar/pick` and `POST /api/v1/video-channels/{handle}/avatar/pick`. */
export interface ActorAvatarsResult {
  avatars: ActorImage[];
}

/** Answer of `POST /api/v1/video-channels/{handle}/banner/pick`. */
export interface ActorBannersResult {
  banners: ActorImage[];
}

export interface VideoChannelCreate {
  name: string;
  displayName: string;
  description?: string;
  support?: string;
}

export type VideoChannelUpdate = Partial<Omit<VideoChannelCreate, 'name'>>;
