/** PeerTube 8's Storyboard (`GET /api/v1/videos/{id}/storyboards`). */
export interface Storyboard {
  /** Deprecated by PeerTube 8, still read by clients: the path on this instance, null when not served here. */
  storyboardPath: string | null;
  fileUrl: string;
  totalHeight: number;
  totalWidth: number;
  spriteHeight: number;
  spriteWidth: number;
  /** Seconds of video per sprite. */
  spriteDuration: number;
}

export interface Storyboards {
  storyboards: Storyboard[];
}
