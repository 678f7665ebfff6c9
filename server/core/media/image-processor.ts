/** Formats pictures are written in: the one they were uploaded in (PNG keeps its transparency). */
export type PictureFormat = 'png' | 'jpeg' | 'webp';

export interface PictureResize {
  /** A picture already checked by MediaProbe.probeImage. */
  sourcePath: string;
  outputPath: string;
  width: number;
  height: number;
  format: PictureFormat;
}

/**
 * Makes sized copies of still pictures (avatars, banners). Implemented in server/transcoding, which alone runs
 * ffmpeg, and injected into modules through IMAGE_PROCESSOR, as MEDIA_PROBE is: modules never import the subsystem.
 */
export interface ImageProcessor {
  /**
   * Scales the picture to cover `width` x `height`, then crops the middle to exactly that size. Throws
   * MediaProbeError when the picture does not decode (damaged past its headers).
   */
  resize(request: PictureResize): Promise<void>;
}

export const IMAGE_PROCESSOR = Symbol('IMAGE_PROCESSOR');
