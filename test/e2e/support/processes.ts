/** Processes of this machine seen through /proc, for the end-to-end files that kill them or wait for them to end. */
import { readFileSync, readdirSync } from 'node:fs';

/** The fields of /proc/<pid>/stat after the command's name (which may hold spaces), or undefined when there is no such process. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** '?' when there is no such process; 'Z' for a zombie. */
const processState = (pid: number): string => statFields(pid)?.[0] ?? '?';

export const isDead = (pid: number): boolean => ['?', 'Z', 'X'].includes(processState(pid));

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return ''; // the process has ended
  }
}

/** The process's program and arguments, joined by spaces; empty once it has ended. */
export const commandLine = (pid: number): string => readOrEmpty(`/proc/${pid}/cmdline`).split('\0').join(' ');

/** The live processes whose parent is `parent` and whose command line holds `commandPart`. */
export function childrenOf(parent: number, commandPart: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => statFields(pid)?.[1] === String(parent) && !isDead(pid) && commandLine(pid).includes(commandPart));
}

/** What the process's main thread waits on in the kernel: 'do_epoll_wait' is Node's event loop waiting for work. */
export const waitingIn = (pid: number): string => readOrEmpty(`/proc/${pid}/wchan`);

/** Whether the process has loaded a file whose path holds `part` (a native addon, say). */
export const hasLoaded = (pid: number, part: string): boolean => readOrEmpty(`/proc/${pid}/maps`).includes(part);
