/**
 * pcscd stopped and started under running readers, for the end-to-end files that take the PC/SC service away
 * on purpose. Every file that uses these puts a normal pcscd back (restoreNormalPcscd) before it ends, because
 * the other end-to-end files share it.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
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

export interface PcscdWithoutReadersOptions {
  /**
   * How many client connections pcscd serves at once (its --max-thread: a thread for each); it takes any further
   * connection and closes it unanswered, which pcsclite reports as "Access denied".
   */
  maxConnections?: number;
}

/** pcscd with an empty reader.conf.d: the PC/SC service runs, and every reader is unplugged. */
export async function startPcscdWithoutReaders(options: PcscdWithoutReadersOptions = {}): Promise<void> {
  const config = mkdtempSync(join(tmpdir(), 'mic-no-readers-'));
  emptyConfigs.push(config);
  const log = openSync(join(config, 'pcscd.log'), 'w');
  const limit = options.maxConnections === undefined ? [] : ['--max-thread', String(options.maxConnections)];
  const child = spawn(PCSCD, ['--foreground', '--config', config, ...limit], { detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  child.unref();
  await until(() => pcscdAnswers(), 5_000, () => 'pcscd without readers to answer');
}

export interface HeldConnections {
  /** Ends the process holding them, which hands them back to pcscd. */
  release(): Promise<void>;
}

/**
 * `count` connections to pcscd, held by another process: pcsclite hands a connection back only when its context is
 * garbage collected or its process ends. The holder lets go by itself after `maxHoldMs`, because a connect that
 * pcscd closes before pcsclite has sent a word is retried by pcsclite in a busy loop on the caller's thread: a test
 * stuck there then fails instead of hanging.
 */
export async function holdPcscdConnections(count: number, maxHoldMs = 30_000): Promise<HeldConnections> {
  const nfcPcsc = createRequire(import.meta.url).resolve('nfc-pcsc');
  const script = `
    const { NFC } = require(${JSON.stringify(nfcPcsc)});
    const held = [];
    const hold = () => {
      try {
        const nfc = new NFC();
        nfc.on('error', () => undefined);
        held.push(nfc);
      } catch {
        // pcscd had not yet handed back the connection of the probe that saw it answer
      }
      if (held.length < ${count}) setTimeout(hold, 20);
      else console.log('holding');
    };
    hold();
    setTimeout(() => process.exit(0), ${maxHoldMs});
  `;
  const holder = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = once(holder, 'exit');
  const release = async (): Promise<void> => {
    if (holder.exitCode === null && holder.signalCode === null) holder.kill('SIGKILL');
    await exited;
  };
  let holding = false;
  holder.stdout.once('data', () => {
    holding = true;
  });
  try {
    await until(() => holding || holder.exitCode !== null, 10_000, () => `a process to hold ${count} pcscd connections`);
    if (!holding) throw new Error(`the process meant to hold ${count} pcscd connections exited with ${holder.exitCode}`);
  } catch (error) {
    await release();
    throw error;
  }
  return { release };
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
