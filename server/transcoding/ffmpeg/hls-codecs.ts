import { buildCodecConfigProbeCommand } from './commands.js';
import { runFfprobe } from './ffmpeg-runner.js';
import { parseFfprobeOutput, type FfprobeStream } from './ffprobe-output.js';

/**
 * The CODECS attribute of an HLS variant, e.g. `avc1.64001f,mp4a.40.2`. It is read from the codec configuration
 * the encoders wrote into the file (the avcC record, the AAC AudioSpecificConfig) rather than derived from the
 * options Shoal passed: x264 picks the level itself, from the frame size, frame rate and bit rate.
 */
export async function readHlsCodecs(mediaPath: string, options: { timeoutMs: number }): Promise<string> {
  const output = await runFfprobe(buildCodecConfigProbeCommand(mediaPath), options);
  return hlsCodecsOf(parseFfprobeOutput(output).streams);
}

export function hlsCodecsOf(streams: FfprobeStream[]): string {
  return streams
    .filter((stream) => stream.codec_type === 'video' || stream.codec_type === 'audio')
    .map((stream) => {
      const config = codecConfig(stream);
      if (stream.codec_name === 'h264') {
        // avcC: configurationVersion, then profile_idc, constraint flags and level_idc.
        return `avc1.${config.subarray(1, 4).toString('hex')}`;
      }
      if (stream.codec_name === 'aac') {
        // The audio object type is the first 5 bits; 31 escapes to 32 + the next 6 bits.
        const objectType = config[0] >> 3;
        return `mp4a.40.${objectType === 31 ? 32 + (((config[0] & 0x07) << 3) | (config[1] >> 5)) : objectType}`;
      }
      throw new Error(`no HLS codec string for ${stream.codec_name ?? 'an unknown codec'}`);
    })
    .join(',');
}

/** The first bytes of ffprobe's hex dump (`00000000: 0164 001f ffe1 ...`); only they are needed. */
function codecConfig(stream: FfprobeStream): Buffer {
  const firstLine = /^0{8}: ([0-9a-f ]{1,40})/m.exec(stream.extradata ?? '');
  const bytes = Buffer.from(firstLine?.[1].replaceAll(' ', '') ?? '', 'hex');
  if (bytes.length < 4 && stream.codec_name === 'h264') throw new Error('the H.264 stream has no avcC record');
  if (bytes.length < 2) throw new Error(`the ${stream.codec_name ?? 'unknown'} stream has no codec configuration`);
  return bytes;
}
