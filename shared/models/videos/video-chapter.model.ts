/** PeerTube 8's VideoChapter: a chapter starts at `timecode` seconds. */
export interface VideoChapter {
  timecode: number;
  title: string;
}

/** `GET /api/v1/videos/{id}/chapters`. */
export interface VideoChapters {
  chapters: VideoChapter[];
}
