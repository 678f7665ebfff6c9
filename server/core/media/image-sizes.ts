/** The pictures made for every video, at PeerTube's sizes (remote instances may rely on them). */
export const THUMBNAIL_SIZE = { width: 280, height: 157 } as const;
export const PREVIEW_SIZE = { width: 850, height: 480 } as const;

/**
 * The sizes every avatar and banner is made in, PeerTube 8's (ACTOR_IMAGES_SIZE): remote PeerTube instances pick the
 * one they show by width, and its web client asks for 48, 120 and 600 px avatars. Avatars are square, banners 6:1.
 */
export const ACTOR_IMAGE_SIZES = {
  avatar: [
    { width: 1500, height: 1500 },
    { width: 600, height: 600 },
    { width: 120, height: 120 },
    { width: 48, height: 48 },
  ],
  banner: [
    { width: 1920, height: 317 },
    { width: 600, height: 100 },
  ],
} as const satisfies Record<string, readonly { width: number; height: number }[]>;

/** Largest avatar or banner file accepted, PeerTube's (CONSTRAINTS_FIELDS.ACTORS.IMAGE.FILE_SIZE). */
export const MAX_ACTOR_IMAGE_BYTES = 8 * 1024 * 1024;
