import { spawn } from 'node:child_process';
import { accessSync, closeSync, constants, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { PcscReaders, pcscdAnswers, pcscdSocketPath } from '../../shared/card/pcsc-transport.node.ts';
import { CodedError } from '../../shared/errors.ts';
import { enableLoopbackQuickAck } from './loopback-quickack.ts';
import { VIRTUAL_READERS } from './vpcd-card.ts';

export const INSTALL_HINT = 'apt-get install -y pcscd libpcsclite-dev vsmartcard-vpcd';

export class PcscdNotInstalledError extends CodedError<'ERR_PCSCD_NOT_INSTALLED'> {
  constructor() {
    super('ERR_PCSCD_NOT_INSTALLED', `pcscd is not installed. Install it with: ${INSTALL_HINT}`);
  }
}

/** pcscd did not come up, or came up without the virtual readers, within the wait. */
export class PcscdNotReadyError extends CodedError<'ERR_PCSCD_NOT_READY'> {
  constructor(message: string) {
    super('ERR_PCSCD_NOT_READY', message);
  }
}

export interface PcscdHandle {
  /** false when another pcscd was already running; stop() then leaves it alone */
  readonly startedByUs: boolean;
  readonly pid: number | undefined;
  readonly logFile: string | undefined;
  readonly readers: string[];
  stop(): Promise<void>;
}

export interface EnsurePcscdOptions {
  /** Reader names that must be visible before ensurePcscd resolves. */
  readers?: readonly string[];
  timeoutMs?: number;
  logFile?: string;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** pcscd lives in /usr/sbin, which is not on every user's PATH. */
function findPcscd(): string | undefined {
  const folders = [...(process.env['PATH'] ?? '').split(delimiter), '/usr/sbin', '/sbin', '/usr/local/sbin'];
  for (const folder of folders.filter(Boolean)) {
    const candidate = join(folder, 'pcscd');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

/** A killed process whose parent has gone stays a zombie until init reaps it: it answers signals but is dead. */
const isZombie = (pid: number): boolean => {
  try {
    return /^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
};

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return !isZombie(pid);
  } catch {
    return false;
  }
};

async function waitUntil(condition: () => Promise<boolean> | boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(50);
  }
}

/** Waits until pcscd lists every wanted reader; returns the readers it lists then. */
async function waitForReaders(wanted: readonly string[], timeoutMs: number): Promise<string[]> {
  const readers = await PcscReaders.start();
  try {
    const complete = (): boolean => wanted.every((name) => readers.readers.includes(name));
    const ok = await waitUntil(complete, timeoutMs);
    if (!ok) {
      throw new PcscdNotReadyError(
        `pcscd is running but shows readers [${readers.readers.join(', ')}], not [${wanted.join(', ')}]. ` +
          `Is the vpcd driver installed (${INSTALL_HINT}) and /etc/reader.conf.d/vpcd present?`,
      );
    }
    return readers.readers;
  } finally {
    await readers.close();
  }
}

function runningPcscdPid(socket: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(join(dirname(socket), 'pcscd.pid'), 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

const tail = (file: string): string => {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-15).join('\n');
  } catch {
    return '(no log)';
  }
};

/**
 * Makes sure pcscd is running with the virtual readers. A pcscd that already answers is used as it is (and
 * never stopped by this handle); otherwise `pcscd --foreground` is started detached, logging to a file, so it
 * outlives the caller unless the caller stops it.
 */
export async function ensurePcscd(options: EnsurePcscdOptions = {}): Promise<PcscdHandle> {
  const wanted = options.readers ?? VIRTUAL_READERS;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const socket = pcscdSocketPath();
  // Before any card connects to vpcd: the route's quick-ACK setting is taken when a connection opens.
  enableLoopbackQuickAck();

  // A pcscd that is still starting has written its pid file but not yet opened its socket.
  if (runningPcscdPid(socket) !== undefined) await waitUntil(() => pcscdAnswers(socket), timeoutMs);
  if (await pcscdAnswers(socket)) {
    const readers = await waitForReaders(wanted, timeoutMs);
    return { startedByUs: false, pid: undefined, logFile: undefined, readers, stop: async () => undefined };
  }

  const binary = findPcscd();
  if (!binary) throw new PcscdNotInstalledError();
  const logFile = options.logFile ?? join(tmpdir(), 'mic-pcscd.log');
  const log = openSync(logFile, 'w');
  const child = spawn(binary, ['--foreground'], { detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  const pid = await new Promise<number>((resolve, reject) => {
    child.once('spawn', () => resolve(child.pid ?? -1));
    child.once('error', reject);
  });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  child.unref();
  const alive = (): boolean => !exited && isAlive(pid);

  const stop = async (): Promise<void> => {
    if (!alive()) return;
    process.kill(pid, 'SIGTERM');
    if (!(await waitUntil(() => !alive(), 5_000))) process.kill(pid, 'SIGKILL');
  };

  const up = await waitUntil(async () => !alive() || (await pcscdAnswers(socket)), timeoutMs);
  if (!up || !alive()) {
    await stop();
    throw new PcscdNotReadyError(`pcscd did not start (log ${logFile}):\n${tail(logFile)}`);
  }
  try {
    const readers = await waitForReaders(wanted, timeoutMs);
    return { startedByUs: true, pid, logFile, readers, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
