/**
 * What Shoal needs to know of a media file. Implemented in server/transcoding (the only place that runs
 * ffprobe) and injected into modules through MEDIA_PROBE, so modules never depend on the subsystem.
 */
export interface ProbedMedia {
  /** Container names as ffprobe reports them, e.g. 'mov,mp4,m4a,3gp,3g2,mj2'. */
  container: string;
  durationSeconds: number;
  sizeBytes: number;
  video?: {
    codec: string;
    width: number;
    height: number;
    /** Frames per second, rounded to 2 decimals. */
    fps: number;
    bitrate?: number;
  };
  audio?: {
    codec: string;
    sampleRate?: number;
    channels?: number;
  };
}

export enum MediaRejection {
  NotMedia = 'not_media',
  Corrupt = 'corrupt',
  UnsupportedCodec = 'unsupported_codec',
  /** Larger, faster or longer than the configured limits (videos.source_limits). */
  LimitExceeded = 'limit_exceeded',
}

/** A file that cannot become a video; `detail` is meant for the uploader. */
export class MediaProbeError extends Error {
  constructor(
    readonly rejection: MediaRejection,
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'MediaProbeError';
  }
}

export interface ProbeOptions {
  /**
   * Also decode both ends of the file and check that its end is there (default true). A file already checked at
   * upload can skip it.
   */
  verifyDecoding?: boolean;
}

export interface ProbedImage {
  /** 'png', 'mjpeg' (JPEG) or 'webp'. */
  codec: string;
  width: number;
  height: number;
}

export interface MediaProbe {
  /** Probes and checks that the file can be used; throws MediaProbeError when it cannot. */
  probe(path: string, options?: ProbeOptions): Promise<ProbedMedia>;
  /** Checks that the file is one still picture (PNG, JPEG or WebP); throws MediaProbeError otherwise. */
  probeImage(path: string): Promise<ProbedImage>;
}

export const MEDIA_PROBE = Symbol('MEDIA_PROBE');
