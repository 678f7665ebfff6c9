/** The pictures made for every video, at PeerTube's sizes (remote instances may rely on them). */
export const THUMBNAIL_SIZE = { width: 280, height: 157 } as const;
export const PREVIEW_SIZE = { width: 850, height: 480 } as const;
