/**
 * Caption files as users send them: WebVTT, or SubRip (SRT) which is converted to WebVTT. Both are parsed line by
 * line here (no dependency: the grammar is small, and a refusal must name the line at fault). What is stored is
 * WebVTT whose every cue has a valid timing line, ending after it starts.
 */

export interface CaptionLimits {
  /** Largest file accepted, in bytes. */
  maxBytes: number;
  /** Most cues accepted in one file. */
  maxCues: number;
}

export interface ParsedCaption {
  /** What was sent. */
  format: 'vtt' | 'srt';
  /** The file to store: the WebVTT as sent, or the SRT converted. */
  vtt: string;
  cues: number;
}

/** Why a caption file is refused, for the uploader (`line N: ...`). */
export class CaptionFileError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'CaptionFileError';
  }
}

interface Cue {
  startMs: number;
  endMs: number;
  lines: string[];
}

/** `[hh:]mm:ss.ttt`, hours of two digits or more (WebVTT timestamps). */
const VTT_TIMESTAMP = String.raw`(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})`;
const VTT_TIMING = new RegExp(String.raw`^${VTT_TIMESTAMP}[ \t]+-->[ \t]+${VTT_TIMESTAMP}(?:[ \t]+.*)?$`);
/** SRT writes `hh:mm:ss,ttt`; tools also write a dot, or fewer digits of milliseconds. Coordinates may follow. */
const SRT_TIMESTAMP = String.raw`(\d{1,}):([0-5]\d):([0-5]\d)[,.](\d{1,3})`;
const SRT_TIMING = new RegExp(String.raw`^\s*${SRT_TIMESTAMP}\s*-->\s*${SRT_TIMESTAMP}(?:\s+.*)?$`);
const VTT_SIGNATURE = /^WEBVTT(?:[ \t].*)?$/;
/** SRT styling WebVTT has no tag for. */
const SRT_FONT_TAG = /<\/?font(?:\s[^>]*)?>/gi;

/** Reads a caption file (WebVTT or SRT, UTF-8), refusing it with the reason when it is not valid or too large. */
export function parseCaptionFile(bytes: Buffer, limits: CaptionLimits): ParsedCaption {
  if (bytes.length > limits.maxBytes) throw new CaptionFileError(`the file is larger than ${limits.maxBytes} bytes`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CaptionFileError('the file is not UTF-8 text');
  }
  if (text.includes('\0')) throw new CaptionFileError('the file contains NUL characters');
  // TextDecoder drops a leading BOM; line endings may be CRLF, LF or CR.
  const lines = text.split(/\r\n|\r|\n/);
  if (lines[0].startsWith('WEBVTT')) {
    const cues = parseVtt(lines, limits);
    return { format: 'vtt', vtt: text, cues };
  }
  const cues = parseSrt(lines, limits);
  return { format: 'srt', vtt: serializeVtt(cues), cues: cues.length };
}

/** Validates a WebVTT file: signature, header, then blocks (cues, NOTE, STYLE, REGION) separated by blank lines. */
function parseVtt(lines: string[], limits: CaptionLimits): number {
  if (!VTT_SIGNATURE.test(lines[0])) {
    throw new CaptionFileError('line 1: WEBVTT must be followed by a space, a tab or the end of the line');
  }
  let index = 1;
  // Header lines run to the first blank line.
  for (; index < lines.length && lines[index].trim() !== ''; index++) {
    if (lines[index].includes('-->'))
      throw new CaptionFileError(`line ${index + 1}: a blank line must follow the header`);
  }
  let cues = 0;
  for (const block of blocksOf(lines, index)) {
    const first = block.lines[0];
    if (/^(NOTE|STYLE|REGION)(?:[ \t]|$)/.test(first)) {
      const arrow = block.lines.findIndex((line) => line.includes('-->'));
      if (arrow >= 0)
        throw new CaptionFileError(`line ${block.start + arrow + 1}: '-->' inside a ${first.split(/\s/)[0]} block`);
      continue;
    }
    // A cue: an optional identifier, the timing line, the text.
    const timingAt = first.includes('-->') ? 0 : 1;
    const timing = block.lines[timingAt];
    const lineNumber = block.start + timingAt + 1;
    // A first line that starts like a timestamp was meant as the timing line, not as an identifier.
    if (timingAt === 1 && /^(\d+:)?\d+:\d/.test(first) && !timing?.includes('-->')) {
      throw new CaptionFileError(`line ${block.start + 1}: invalid cue timing "${clip(first)}"`);
    }
    if (timing === undefined || !timing.includes('-->')) {
      throw new CaptionFileError(`line ${lineNumber}: a cue needs a timing line such as 00:00:01.000 --> 00:00:02.500`);
    }
    const match = VTT_TIMING.exec(timing);
    if (!match) throw new CaptionFileError(`line ${lineNumber}: invalid cue timing "${clip(timing)}"`);
    checkOrder(toMs(match, 1), toMs(match, 5), lineNumber);
    const arrow = block.lines.slice(timingAt + 1).findIndex((line) => line.includes('-->'));
    if (arrow >= 0) {
      throw new CaptionFileError(
        `line ${lineNumber + arrow + 1}: '-->' in the text of a cue (a blank line is missing?)`,
      );
    }
    if (++cues > limits.maxCues) throw new CaptionFileError(`more than ${limits.maxCues} cues`);
  }
  if (cues === 0) throw new CaptionFileError('the file has no cue');
  return cues;
}

/** Reads SRT blocks: an optional counter, the timing line, the text. */
function parseSrt(lines: string[], limits: CaptionLimits): Cue[] {
  const cues: Cue[] = [];
  for (const block of blocksOf(lines, 0)) {
    const timingAt = /^\s*\d+\s*$/.test(block.lines[0]) ? 1 : 0;
    const timing = block.lines[timingAt];
    const match = timing === undefined ? null : SRT_TIMING.exec(timing);
    const lineNumber = block.start + timingAt + 1;
    if (!match) {
      throw new CaptionFileError(
        cues.length === 0
          ? `neither WebVTT (it must start with WEBVTT) nor SRT (line ${lineNumber}: no timing line such as 00:00:01,000 --> 00:00:02,500)`
          : `line ${lineNumber}: invalid cue timing "${clip(timing ?? '')}"`,
      );
    }
    const startMs = toMs(match, 1);
    const endMs = toMs(match, 5);
    checkOrder(startMs, endMs, lineNumber);
    const text = block.lines.slice(timingAt + 1).map((line) => line.replace(SRT_FONT_TAG, ''));
    const arrow = text.findIndex((line) => line.includes('-->'));
    if (arrow >= 0) {
      throw new CaptionFileError(
        `line ${lineNumber + arrow + 1}: '-->' in the text of a cue (a blank line is missing?)`,
      );
    }
    cues.push({ startMs, endMs, lines: text });
    if (cues.length > limits.maxCues) throw new CaptionFileError(`more than ${limits.maxCues} cues`);
  }
  if (cues.length === 0)
    throw new CaptionFileError('neither WebVTT (it must start with WEBVTT) nor SRT: the file has no cue');
  return cues;
}

function serializeVtt(cues: Cue[]): string {
  const blocks = cues.map((cue) => [`${formatMs(cue.startMs)} --> ${formatMs(cue.endMs)}`, ...cue.lines].join('\n'));
  return `WEBVTT\n\n${blocks.join('\n\n')}\n`;
}

/** Runs of non-blank lines from `from`, each with the index of its first line. */
function* blocksOf(lines: string[], from: number): Generator<{ start: number; lines: string[] }> {
  let start = -1;
  for (let index = from; index <= lines.length; index++) {
    const blank = index === lines.length || lines[index].trim() === '';
    if (!blank && start < 0) start = index;
    if (blank && start >= 0) {
      yield { start, lines: lines.slice(start, index) };
      start = -1;
    }
  }
}

/** Milliseconds of the timestamp whose hours are group `first` of the match (minutes, seconds, fraction follow). */
function toMs(match: RegExpExecArray, first: number): number {
  const [hours, minutes, seconds, fraction] = match.slice(first, first + 4);
  return ((Number(hours ?? 0) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000 + Number(fraction);
}

function checkOrder(startMs: number, endMs: number, lineNumber: number): void {
  if (endMs <= startMs) throw new CaptionFileError(`line ${lineNumber}: the cue ends before it starts`);
}

function formatMs(ms: number): string {
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor(ms / 60_000) % 60;
  const seconds = Math.floor(ms / 1000) % 60;
  return `${pad(hours)}:${pad(minutes)}:${pad(seconds)}.${pad(ms % 1000, 3)}`;
}

/** A line quoted in an error, cut short. */
function clip(line: string): string {
  return line.length > 60 ? `${line.slice(0, 60)}…` : line;
}
