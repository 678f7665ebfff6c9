import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FfmpegError, runFfmpeg, runFfprobe } from '../../../server/transcoding/ffmpeg/ffmpeg-runner.js';

/** A synthetic input (no file), paced at real time when `realTime` so that it runs for a while. */
const testSource = (seconds: number, realTime = false) => [
  ...['-hide_banner', '-nostdin', '-v', 'error', '-protocol_whitelist', 'file', '-format_whitelist', 'lavfi'],
  ...(realTime ? ['-re'] : []),
  ...['-f', 'lavfi', '-i', `testsrc2=size=320x180:rate=30:duration=${seconds}`],
];

describe('runFfmpeg (real ffmpeg)', () => {
  it('reports progress from -progress output, ending at 100', async () => {
    const progress: number[] = [];
    await runFfmpeg([...testSource(3), '-progress', 'pipe:1', '-nostats', '-f', 'null', '-'], {
      timeoutMs: 30_000,
      durationSeconds: 3,
      onProgress: (percent) => progress.push(percent),
    });
    expect(progress.at(-1)).toBe(100);
    expect(new Set(progress).size).toBe(progress.length);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('kills ffmpeg at the timeout', async () => {
    const started = Date.now();
    const error = await runFfmpeg([...testSource(60, true), '-f', 'null', '-'], { timeoutMs: 300 }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(FfmpegError);
    expect(error).toMatchObject({ timedOut: true, message: expect.stringMatching(/timed out after 300 ms/) });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('stops on abort and rejects with the reason', async () => {
    const controller = new AbortController();
    const reason = new Error('job cancelled');
    setTimeout(() => controller.abort(reason), 200);
    await expect(
      runFfmpeg([...testSource(60, true), '-f', 'null', '-'], { timeoutMs: 30_000, signal: controller.signal }),
    ).rejects.toBe(reason);
    await expect(runFfmpeg(testSource(1), { timeoutMs: 1_000, signal: controller.signal })).rejects.toBe(reason);
  });

  it('rejects with the end of stderr when ffmpeg fails', async () => {
    const missing = `file:${path.join(tmpdir(), `shoal-missing-${randomBytes(4).toString('hex')}.mp4`)}`;
    const args = ['-v', 'error', '-protocol_whitelist', 'file', '-format_whitelist', 'mov', '-i', missing];
    args.push('-f', 'null', '-');
    const error = await runFfmpeg(args, { timeoutMs: 30_000 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FfmpegError);
    expect(error).toMatchObject({ exitCode: 1, timedOut: false });
    expect((error as FfmpegError).stderrTail.join('\n')).toMatch(/No such file or directory/);
    expect((error as FfmpegError).message).toMatch(/exited with code 1\n.*No such file or directory/);
  });

  it('fails when a stderr line matches, even if ffmpeg exits with 0, keeping the last 20 lines', async () => {
    // showinfo logs every frame, at info level: 30 frames write well over 20 lines.
    const args = [...testSource(1), '-v', 'info', '-vf', 'showinfo', '-f', 'null', '-'];
    await runFfmpeg(args, { timeoutMs: 30_000 });
    const error = await runFfmpeg(args, { timeoutMs: 30_000, failOnStderr: /pts_time/ }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(FfmpegError);
    expect(error).toMatchObject({ exitCode: 0, message: expect.stringMatching(/^ffmpeg reported errors\n/) });
    expect((error as FfmpegError).stderrTail).toHaveLength(20);
  });
});

describe('runFfprobe (real ffprobe)', () => {
  it('resolves with the standard output', async () => {
    const args = ['-v', 'error', '-protocol_whitelist', 'file', '-format_whitelist', 'lavfi', '-f', 'lavfi'];
    args.push('-show_streams', '-of', 'json');
    const output = JSON.parse(await runFfprobe([...args, 'testsrc2=size=320x180'], { timeoutMs: 30_000 })) as {
      streams: { width: number }[];
    };
    expect(output.streams[0].width).toBe(320);
  });

  it('refuses to run without a protocol whitelist', async () => {
    await expect(runFfprobe(['-show_streams', 'file:/x.mp4'], { timeoutMs: 1_000 })).rejects.toThrow(
      /protocol_whitelist/,
    );
  });
});
