/** What a process (all its threads) has used so far, read from Linux's /proc/<pid>. */
import { readFileSync } from 'node:fs';

/** utime and stime, fields 14 and 15 of /proc/<pid>/stat, count clock ticks: 100 per second on Linux. */
const CLOCK_TICKS_PER_SECOND = 100;

/** CPU time (user + system) in seconds. */
export function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The fields after the command name, which is in parentheses and may itself hold spaces or parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/** Resident and peak resident memory in MiB (VmRSS and VmHWM of /proc/<pid>/status). */
export function processMemoryMiB(pid: number): { rssMiB: number; peakMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kiB = (field: string): number => Number(new RegExp(`^${field}:\\s*(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMiB: kiB('VmRSS') / 1024, peakMiB: kiB('VmHWM') / 1024 };
}
