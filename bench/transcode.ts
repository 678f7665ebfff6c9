/**
 * bench/transcode: Shoal's transcoding pipeline against plain ffmpeg, measured in the same run.
 *
 *   shoal      probe, the one-process ladder (HLS + MP4), segment hashes, master playlist, thumbnail and
 *              preview, one torrent per MP4: everything the transcode job does but the database
 *   one-cmd    (a) one hand-written ffmpeg command writing the same MP4 + HLS outputs, nothing else
 *   per-res    (b) one ffmpeg process per resolution, in sequence, each decoding the source again
 *
 * Each variant runs `rounds` times, in a rotating order, and its fastest round counts: these machines are noisy.
 *
 * Usage: npm run bench:transcode [-- --seconds 60 --height 1080 --rounds 2]
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { loadConfig } from '../server/core/config/config.js';
import { CONFIG_DIR } from '../server/core/paths.js';
import { FfprobeMediaProbe, maxPixelsOf } from '../server/transcoding/ffmpeg/ffprobe-media-probe.js';
import { planLadder, type Rendition } from '../server/transcoding/ffmpeg/ladder.js';
import { extractImage, transcodeToLadder } from '../server/transcoding/ffmpeg/transcode.js';
import { createVideoTorrent } from '../server/transcoding/torrent/video-torrent.js';
import { measure, type Measurement } from './cpu-clock.js';

const run = promisify(execFile);
const LADDER = [1080, 720, 480, 360, 240, 144];
const SEGMENT_SECONDS = 4;
const PRESET = 'veryfast';
const config = loadConfig(CONFIG_DIR, {});
const probe = new FfprobeMediaProbe(config);
const maxPixels = maxPixelsOf(config.videos.source_limits);

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    height: { type: 'string', default: '1080' },
    rounds: { type: 'string', default: '2' },
  },
});
const seconds = Number(values.seconds);
const height = Number(values.height);
const rounds = Number(values.rounds);
const width = Math.round((height * 16) / 9 / 2) * 2;

const folder = await mkdtemp(path.join(tmpdir(), 'shoal-bench-transcode-'));
const source = path.join(folder, 'source.mp4');

try {
  process.stdout.write(`generating a ${seconds} s ${width}x${height} 30 fps clip with sound...\n`);
  await run('ffmpeg', [
    ...['-hide_banner', '-nostdin', '-v', 'error', '-y'],
    ...['-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=30:duration=${seconds}`],
    ...['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${seconds}`],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-movflags', '+faststart'],
    source,
  ]);
  const media = await probe.probe(source);
  const renditions = planLadder(media, { resolutions: LADDER, maxFps: 60 });

  const variants: [string, () => Promise<unknown>][] = [
    ['shoal', () => shoalPipeline(renditions, path.join(folder, 'shoal'))],
    ['one-cmd', () => ffmpeg(oneCommand(renditions, path.join(folder, 'one-cmd')))],
    [
      'per-res',
      async () => {
        for (const rendition of renditions) await ffmpeg(oneCommand([rendition], path.join(folder, 'per-res')));
      },
    ],
  ];
  const best = new Map<string, Measurement>();
  for (let round = 0; round < rounds; round++) {
    for (let index = 0; index < variants.length; index++) {
      const [name, variant] = variants[(index + round) % variants.length];
      const result = await measure(name, variant);
      process.stdout.write(
        `round ${round + 1}: ${name} ${result.wallSeconds.toFixed(1)} s wall, ${result.cpuSeconds.toFixed(1)} s cpu\n`,
      );
      const previous = best.get(name);
      if (!previous || result.wallSeconds < previous.wallSeconds) best.set(name, result);
    }
  }
  const results = variants.map(([name]) => best.get(name)!);
  report(results, renditions);
} finally {
  await rm(folder, { recursive: true, force: true });
}

async function shoalPipeline(ladder: Rendition[], out: string): Promise<void> {
  await mkdir(out, { recursive: true });
  // As the transcode job does: the upload already verified that the file decodes.
  const probed = await probe.probe(source, { verifyDecoding: false });
  const result = await transcodeToLadder({
    sourcePath: source,
    maxPixels,
    media: probed,
    renditions: ladder,
    segmentSeconds: SEGMENT_SECONDS,
    preset: PRESET,
    outputs: (r) => ({
      mp4Path: path.join(out, `v-${r.resolution}.mp4`),
      playlistPath: path.join(out, 'hls', `v-${r.resolution}.m3u8`),
      fragmentedPath: path.join(out, 'hls', `v-${r.resolution}-fragmented.mp4`),
    }),
    masterPlaylistPath: path.join(out, 'hls', 'master.m3u8'),
    segmentsSha256Path: path.join(out, 'hls', 'segments-sha256.json'),
    timeoutMs: 3_600_000,
  });
  const atSeconds = Math.min(probed.durationSeconds / 2, 5);
  const images = async () => {
    const common = { sourceKind: 'media', maxPixels, atSeconds, timeoutMs: 60_000 } as const;
    await extractImage(source, path.join(out, 'thumb.jpg'), { ...common, width: 280, height: 157 });
    await extractImage(source, path.join(out, 'preview.jpg'), {
      ...common,
      width: 850,
      height: 480,
    });
  };
  const torrents = async () => {
    for (const output of result.renditions) {
      await createVideoTorrent({
        filePath: output.mp4Path,
        torrentPath: `${output.mp4Path}.torrent`,
        name: path.basename(output.mp4Path),
        webSeedUrl: `http://localhost/${path.basename(output.mp4Path)}`,
        announceUrls: ['ws://localhost/tracker/socket'],
      });
    }
  };
  await Promise.all([images(), torrents()]);
}

/**
 * The hand-written baseline: the same decode, scaling, x264/AAC settings and MP4 + fMP4 HLS outputs, written
 * out plainly (no probe, no staging, no hashing).
 */
function oneCommand(ladder: Rendition[], out: string): string[] {
  const split = ladder.map((_, i) => `[s${i}]`).join('');
  const scales = ladder.map(
    (r, i) => `[s${i}]fps=${r.fps},scale=w=${r.width}:h=${r.height},setsar=1,format=yuv420p[v${i}]`,
  );
  const audio = `[0:a:0]aformat=sample_rates=48000|44100:channel_layouts=stereo|mono,asplit=${ladder.length}${ladder.map((_, i) => `[a${i}]`).join('')}`;
  const filter = [`[0:V:0]split=${ladder.length}${split}`, ...scales, audio].join(';');
  const encoders = ladder.flatMap((r, i) => {
    const gop = String(Math.round(r.fps * SEGMENT_SECONDS));
    return [
      `-g:v:${i}`,
      gop,
      `-keyint_min:v:${i}`,
      gop,
      `-maxrate:v:${i}`,
      String(r.videoBitrate),
      `-bufsize:v:${i}`,
      String(r.videoBitrate * 2),
      `-b:a:${i}`,
      String(r.audioBitrate),
    ];
  });
  const tee = ladder
    .map((r, i) => {
      const name = path.join(out, `v-${r.resolution}`);
      return (
        `[select=v\\\\:${i}\\\\,a\\\\:${i}:f=mp4:movflags=+faststart]${name}.mp4|` +
        `[select=v\\\\:${i}\\\\,a\\\\:${i}:f=hls:hls_time=${SEGMENT_SECONDS}:hls_playlist_type=vod:hls_segment_type=fmp4:hls_flags=single_file]${name}.m3u8`
      );
    })
    .join('|');
  return [
    ...['-hide_banner', '-nostdin', '-v', 'error', '-y', '-i', source],
    ...['-filter_complex', filter],
    ...ladder.flatMap((_, i) => ['-map', `[v${i}]`, '-map', `[a${i}]`]),
    ...['-c:v', 'libx264', '-preset', PRESET, '-profile:v', 'high', '-crf', '23', '-sc_threshold', '0', ...encoders],
    ...['-c:a', 'aac', '-flags', '+global_header', '-f', 'tee', tee],
  ];
}

async function ffmpeg(args: string[]): Promise<void> {
  const out = path.dirname(
    args
      .at(-1)!
      .split('|')[0]
      .replace(/^\[[^\]]*\]/, ''),
  );
  await mkdir(out, { recursive: true });
  await run('ffmpeg', args, { maxBuffer: 16 * 1024 * 1024 });
}

function report(results: Measurement[], ladder: Rendition[]): void {
  const [shoal, oneCmd, perRes] = results as [Measurement, Measurement, Measurement];
  process.stdout.write(
    `\nladder: ${ladder.map((r) => `${r.resolution}p`).join(', ')}; source ${seconds} s ${width}x${height}\n\n`,
  );
  process.stdout.write('variant      wall (s)   cpu (s)\n');
  for (const result of results) {
    process.stdout.write(
      `${result.name.padEnd(10)} ${result.wallSeconds.toFixed(1).padStart(9)} ${result.cpuSeconds.toFixed(1).padStart(9)}\n`,
    );
  }
  const ratio = (a: number, b: number) => (a / b).toFixed(3);
  process.stdout.write(
    `\nshoal / one-cmd: wall ${ratio(shoal.wallSeconds, oneCmd.wallSeconds)}x, cpu ${ratio(shoal.cpuSeconds, oneCmd.cpuSeconds)}x (target <= 1.05)\n`,
  );
  process.stdout.write(
    `shoal / per-res: wall ${ratio(shoal.wallSeconds, perRes.wallSeconds)}x, cpu ${ratio(shoal.cpuSeconds, perRes.cpuSeconds)}x (target < 1)\n`,
  );
}
