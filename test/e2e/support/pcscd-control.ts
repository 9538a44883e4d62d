/**
 * pcscd stopped and started under running readers, for the end-to-end files that take the PC/SC service away
 * on purpose. Every file that uses these puts a normal pcscd back (restoreNormalPcscd) before it ends, because
 * the other end-to-end files share it.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ensurePcscd } from '../../../scripts/lib/pcscd.ts';
import { pcscdAnswers, pcscdSocketPath } from '../../../shared/card/pcsc-transport.node.ts';
import { until } from './until.ts';

const PCSCD = '/usr/sbin/pcscd';
const PCSCD_PID_FILE = join(dirname(pcscdSocketPath()), 'pcscd.pid');

/** '?' when there is no such process; 'Z' for a zombie. */
function processState(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return '?';
  }
}

const isDead = (pid: number): boolean => ['?', 'Z', 'X'].includes(processState(pid));

function pidInPidFile(): number | undefined {
  try {
    // pcscd writes "<pid>\n\0"; parseInt stops at the newline.
    const pid = Number.parseInt(readFileSync(PCSCD_PID_FILE, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A pcscd killed with SIGKILL leaves its pid file, and PID 1 on these machines reaps orphans late, so the dead
 * pcscd lingers as a zombie that kill(pid, 0) still finds: ensurePcscd would wait for it to open its socket, and a
 * new pcscd would refuse to start. Neither happens to a pcscd whose parent is alive to reap it.
 */
function removeStalePidFile(): void {
  const pid = pidInPidFile();
  if (pid !== undefined && isDead(pid)) rmSync(PCSCD_PID_FILE, { force: true });
}

/** Synchronous, so a card hook can take pcscd down between a command and its answer. */
export function signalPcscd(signal: 'SIGKILL' | 'SIGTERM'): number {
  const pid = pidInPidFile();
  if (pid === undefined || isDead(pid)) throw new Error(`no pcscd to stop: ${PCSCD_PID_FILE} names no live process`);
  process.kill(pid, signal);
  return pid;
}

export async function pcscdGone(pid: number): Promise<void> {
  await until(() => isDead(pid), 5_000, () => `pcscd ${pid} to exit`);
  removeStalePidFile();
}

export async function stopPcscd(signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
  await pcscdGone(signalPcscd(signal));
}

/** the empty reader configurations of pcscds started without readers, removed once a normal pcscd is back */
const emptyConfigs: string[] = [];

/** pcscd with an empty reader.conf.d: the PC/SC service runs, and every reader is unplugged. */
export async function startPcscdWithoutReaders(): Promise<void> {
  const config = mkdtempSync(join(tmpdir(), 'mic-no-readers-'));
  emptyConfigs.push(config);
  const log = openSync(join(config, 'pcscd.log'), 'w');
  const child = spawn(PCSCD, ['--foreground', '--config', config], { detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  child.unref();
  await until(() => pcscdAnswers(), 5_000, () => 'pcscd without readers to answer');
}

function runsWithOwnReaderConfig(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes('--config');
  } catch {
    return false;
  }
}

/** Back to what the other end-to-end files expect: one pcscd with the vpcd readers of /etc/reader.conf.d. */
export async function restoreNormalPcscd(): Promise<void> {
  removeStalePidFile();
  const pid = pidInPidFile();
  if (pid !== undefined && runsWithOwnReaderConfig(pid)) await stopPcscd('SIGTERM');
  for (const config of emptyConfigs.splice(0)) rmSync(config, { recursive: true, force: true });
  await ensurePcscd();
}
