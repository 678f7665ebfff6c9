/** The parts of `ffprobe -of json` output that Shoal reads. ffprobe writes numbers of arbitrary size as strings. */
export interface FfprobeStream {
  index: number;
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  r_frame_rate?: string;
  avg_frame_rate?: string;
  bit_rate?: string;
  sample_rate?: string;
  channels?: number;
  duration?: string;
  nb_frames?: string;
  /** Hex dump of the codec configuration, present with `-show_data`. */
  extradata?: string;
  disposition?: Record<string, number | undefined>;
  tags?: Record<string, string | undefined>;
  side_data_list?: { side_data_type?: string; rotation?: number }[];
}

export interface FfprobeFormat {
  format_name?: string;
  duration?: string;
}

export interface FfprobeOutput {
  streams: FfprobeStream[];
  format?: FfprobeFormat;
}

export function parseFfprobeOutput(stdout: string): FfprobeOutput {
  const parsed = JSON.parse(stdout) as Partial<FfprobeOutput>;
  return { streams: Array.isArray(parsed.streams) ? parsed.streams : [], format: parsed.format };
}

/** A number ffprobe printed, or undefined when it printed none or `N/A`. */
export function ffprobeNumber(value: string | number | undefined): number | undefined {
  const number = Number(value);
  return value === undefined || value === '' || !Number.isFinite(number) ? undefined : number;
}
