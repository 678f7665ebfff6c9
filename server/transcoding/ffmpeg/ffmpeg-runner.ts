import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * The only place that spawns ffmpeg and ffprobe. It spawns them directly rather than through fluent-ffmpeg:
 * the builders already produce complete argument arrays, fluent-ffmpeg reads progress from stderr statistics
 * instead of `-progress`, and its ffprobe helper has neither a timeout nor a way to stop it.
 */

export interface FfmpegRunOptions {
  timeoutMs: number;
  /** Duration of the media being processed: with it, `-progress` output becomes a percentage. */
  durationSeconds?: number;
  /** Called with a whole percentage (0-100) each time it grows. */
  onProgress?: (percent: number) => void;
  signal?: AbortSignal;
  /** Rejects when ffmpeg writes anything to stderr, even if it exits with 0 (decode checks run with `-v error`). */
  /** Fails the run when a line of stderr matches, even if ffmpeg exits 0. */
  failOnStderr?: RegExp;
}

export interface FfprobeRunOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

/** ffmpeg or ffprobe failed or timed out; `stderrTail` holds its last lines of output. */
export class FfmpegError extends Error {
  constructor(
    message: string,
    readonly stderrTail: string[],
    readonly exitCode: number | null,
    readonly timedOut = false,
  ) {
    super(stderrTail.length > 0 ? `${message}\n${stderrTail.join('\n')}` : message);
    this.name = 'FfmpegError';
  }
}

const STDERR_TAIL_LINES = 20;
/** After SIGTERM, ffmpeg finalizes its outputs; this long, then it is killed. */
const KILL_GRACE_MS = 5_000;
/** ffprobe's JSON for any sane file is far below this; more means something is wrong with the input. */
const MAX_FFPROBE_OUTPUT_BYTES = 16 * 1024 * 1024;

export async function runFfmpeg(args: string[], options: FfmpegRunOptions): Promise<void> {
  assertInputsWhitelisted(args);
  const { durationSeconds, onProgress } = options;
  let reported = -1;
  const onStdoutLine =
    onProgress && durationSeconds
      ? (line: string) => {
          const percent = parseProgressLine(line, durationSeconds);
          if (percent !== undefined && percent > reported) {
            reported = percent;
            onProgress(percent);
          }
        }
      : undefined;
  await runTool('ffmpeg', args, { ...options, onStdoutLine });
}

/** Runs ffprobe and resolves with its standard output. */
export async function runFfprobe(args: string[], options: FfprobeRunOptions): Promise<string> {
  // ffprobe's one input is the last argument.
  assertWhitelisted(args.slice(0, -1), `ffprobe input ${args.at(-1)}`);
  const chunks: string[] = [];
  let size = 0;
  await runTool('ffprobe', args, {
    ...options,
    onStdoutChunk: (chunk) => {
      size += chunk.length;
      if (size > MAX_FFPROBE_OUTPUT_BYTES) throw new Error(`ffprobe wrote more than ${MAX_FFPROBE_OUTPUT_BYTES} bytes`);
      chunks.push(chunk);
    },
  });
  return chunks.join('');
}

/**
 * Reads one line of `-progress` output. Returns the whole percentage of `durationSeconds` done, 100 at the end,
 * or undefined for the other keys and for `out_time_us=N/A` (before the first frame).
 */
export function parseProgressLine(line: string, durationSeconds: number): number | undefined {
  const text = line.trim();
  if (text === 'progress=end') return 100;
  const match = /^out_time_us=(-?\d+)$/.exec(text);
  if (!match) return undefined;
  const percent = Math.floor((Number(match[1]) / 1e6 / durationSeconds) * 100);
  return Math.min(100, Math.max(0, percent));
}

/**
 * Every `-i` must be preceded, since the previous one, by `-protocol_whitelist file` and a `-format_whitelist`:
 * without them a crafted file can make ffmpeg read other files or reach the network (see commands.ts).
 */
function assertInputsWhitelisted(args: string[]): void {
  let from = 0;
  args.forEach((arg, index) => {
    if (arg !== '-i') return;
    assertWhitelisted(args.slice(from, index), `ffmpeg input ${args[index + 1]}`);
    from = index + 1;
  });
}

/** `options` are the arguments that apply to `input`. */
function assertWhitelisted(options: string[], input: string): void {
  const valueOf = (flag: string) => {
    const at = options.lastIndexOf(flag);
    return at >= 0 ? options[at + 1] : undefined;
  };
  if (valueOf('-protocol_whitelist') !== 'file') throw new Error(`${input} is missing -protocol_whitelist file`);
  if (!valueOf('-format_whitelist')) throw new Error(`${input} is missing -format_whitelist`);
}

interface ToolRunOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  failOnStderr?: RegExp;
  onStdoutLine?: (line: string) => void;
  onStdoutChunk?: (chunk: string) => void;
}

async function runTool(command: 'ffmpeg' | 'ffprobe', args: string[], options: ToolRunOptions): Promise<void> {
  const { signal } = options;
  signal?.throwIfAborted();
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const stderrTail: string[] = [];
  let stopReason: 'timeout' | 'abort' | Error | undefined;
  let killTimer: NodeJS.Timeout | undefined;

  const stop = (reason: 'timeout' | 'abort' | Error) => {
    if (stopReason) return;
    stopReason = reason;
    child.kill('SIGTERM');
    killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
  };
  const timeoutTimer = setTimeout(() => stop('timeout'), options.timeoutMs);
  const onAbort = () => stop('abort');
  signal?.addEventListener('abort', onAbort, { once: true });

  createInterface({ input: child.stderr }).on('line', (line) => {
    stderrTail.push(line);
    if (stderrTail.length > STDERR_TAIL_LINES) stderrTail.shift();
  });
  // A throwing callback stops the process rather than escaping as an uncaught exception from a stream event.
  const guarded = (callback: (text: string) => void) => (text: string) => {
    try {
      callback(text);
    } catch (error) {
      stop(error instanceof Error ? error : new Error(String(error)));
    }
  };
  if (options.onStdoutLine) createInterface({ input: child.stdout }).on('line', guarded(options.onStdoutLine));
  else if (options.onStdoutChunk) child.stdout.setEncoding('utf8').on('data', guarded(options.onStdoutChunk));
  else child.stdout.resume();

  try {
    const [exitCode, exitSignal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code, closeSignal) => resolve([code, closeSignal]));
    });
    if (stopReason === 'abort') throw signal?.reason ?? new Error(`${command} was aborted`);
    if (stopReason === 'timeout') {
      throw new FfmpegError(`${command} timed out after ${options.timeoutMs} ms`, stderrTail, exitCode, true);
    }
    if (stopReason) throw stopReason;
    if (exitCode !== 0) {
      const how = exitSignal ? `was killed by ${exitSignal}` : `exited with code ${exitCode}`;
      throw new FfmpegError(`${command} ${how}`, stderrTail, exitCode);
    }
    const failures = options.failOnStderr ? stderrTail.filter((line) => options.failOnStderr!.test(line)) : [];
    if (failures.length > 0) throw new FfmpegError(`${command} reported errors`, stderrTail, exitCode);
  } finally {
    clearTimeout(timeoutTimer);
    clearTimeout(killTimer);
    signal?.removeEventListener('abort', onAbort);
  }
}
