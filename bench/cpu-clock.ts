import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

/**
 * CPU seconds used by this process and by the children it has waited for (ffmpeg), read from /proc/self/stat
 * (utime, stime, cutime, cstime): Node exposes no rusage of child processes.
 */
export function cpuSeconds(): number {
  return processCpuSeconds('self');
}

/** CPU seconds a process (and the children it waited for) used; 0 once it is gone. */
export function processCpuSeconds(pid: number | 'self'): number {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return 0;
  }
  // Fields after the command name, which is in parentheses and may contain spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((index) => Number(fields[index]));
  return (utime + stime + cutime + cstime) / TICKS_PER_SECOND;
}

export interface Measurement {
  name: string;
  wallSeconds: number;
  cpuSeconds: number;
}

export async function measure(name: string, run: () => Promise<unknown>): Promise<Measurement> {
  const cpuBefore = cpuSeconds();
  const started = process.hrtime.bigint();
  await run();
  return {
    name,
    wallSeconds: Number(process.hrtime.bigint() - started) / 1e9,
    cpuSeconds: cpuSeconds() - cpuBefore,
  };
}
