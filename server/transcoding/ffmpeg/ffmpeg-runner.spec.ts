import { describe, expect, it } from 'vitest';
import { parseProgressLine, runFfmpeg, runFfprobe } from './ffmpeg-runner.js';

describe('parseProgressLine', () => {
  it('turns out_time_us into a whole percentage of the duration', () => {
    expect(parseProgressLine('out_time_us=0', 10)).toBe(0);
    expect(parseProgressLine('out_time_us=2500000', 10)).toBe(25);
    expect(parseProgressLine('out_time_us=9999999', 10)).toBe(99);
  });

  it('clamps to 0-100 (audio priming makes it negative, the last frame can pass the duration)', () => {
    expect(parseProgressLine('out_time_us=-23220', 10)).toBe(0);
    expect(parseProgressLine('out_time_us=10040000', 10)).toBe(100);
  });

  it('reports 100 at the end and ignores the other keys', () => {
    expect(parseProgressLine('progress=end', 10)).toBe(100);
    expect(parseProgressLine('progress=continue', 10)).toBeUndefined();
    expect(parseProgressLine('out_time_us=N/A', 10)).toBeUndefined();
    expect(parseProgressLine('out_time_ms=2500000', 10)).toBeUndefined();
    expect(parseProgressLine('frame=12', 10)).toBeUndefined();
  });
});

describe('runFfmpeg', () => {
  it('refuses an input opened without the file-only protocol whitelist, before spawning anything', async () => {
    await expect(runFfmpeg(['-i', 'file:/x.mp4', '-f', 'null', '-'], { timeoutMs: 1000 })).rejects.toThrow(
      /protocol_whitelist/,
    );
    const listed = ['-protocol_whitelist', 'file', '-format_whitelist', 'mov'];
    const secondInputUnlisted = [...listed, '-i', 'a', '-i', 'b', '-f', 'null', '-'];
    await expect(runFfmpeg(secondInputUnlisted, { timeoutMs: 1000 })).rejects.toThrow(/input b/);
    const otherProtocols = [
      '-protocol_whitelist',
      'file,http',
      '-format_whitelist',
      'mov',
      '-i',
      'a',
      '-f',
      'null',
      '-',
    ];
    await expect(runFfmpeg(otherProtocols, { timeoutMs: 1000 })).rejects.toThrow(/input a/);
  });

  it('audit #9: refuses an input opened without a demuxer whitelist, before spawning anything', async () => {
    const anyDemuxer = ['-protocol_whitelist', 'file', '-i', 'a', '-f', 'null', '-'];
    await expect(runFfmpeg(anyDemuxer, { timeoutMs: 1000 })).rejects.toThrow(/input a is missing -format_whitelist/);
    const secondAnyDemuxer = [...['-protocol_whitelist', 'file', '-format_whitelist', 'mov', '-i', 'a']];
    secondAnyDemuxer.push('-protocol_whitelist', 'file', '-i', 'b', '-f', 'null', '-');
    await expect(runFfmpeg(secondAnyDemuxer, { timeoutMs: 1000 })).rejects.toThrow(/input b/);
  });
});

describe('runFfprobe', () => {
  it('audit #9: refuses to probe without the file-only protocol and a demuxer whitelist, before spawning', async () => {
    await expect(runFfprobe(['-protocol_whitelist', 'file', 'file:/x'], { timeoutMs: 1000 })).rejects.toThrow(
      /ffprobe input file:\/x is missing -format_whitelist/,
    );
    await expect(runFfprobe(['-format_whitelist', 'mov', 'file:/x'], { timeoutMs: 1000 })).rejects.toThrow(
      /protocol_whitelist/,
    );
  });
});
