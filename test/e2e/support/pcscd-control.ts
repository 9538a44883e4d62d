/**
 * pcscd stopped, started, filled to its limit and paused under running readers, for the end-to-end files that take
 * the PC/SC service away on purpose. Every file that uses these puts a normal pcscd back (restoreNormalPcscd) before
 * it ends, because the other end-to-end files share it.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ensurePcscd } from '../../../scripts/lib/pcscd.ts';
import { pcscdAnswers, pcscdSocketPath } from '../../../shared/card/pcsc-transport.node.ts';
import { isDead } from './processes.ts';
import { until } from './until.ts';

const PCSCD = '/usr/sbin/pcscd';
const PCSCD_PID_FILE = join(dirname(pcscdSocketPath()), 'pcscd.pid');

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
  await startOwnPcscd(config, join(config, 'pcscd.log'), options.maxConnections);
  await until(() => pcscdAnswers(), 5_000, () => 'pcscd without readers to answer');
}

/**
 * pcscd with the vpcd readers, serving at most `maxConnections` connections at once when given. Started with its
 * --config named, so that restoreNormalPcscd knows it for one of these. Resolves with its pid, for signalling it.
 */
export async function startPcscdWithReaders(maxConnections?: number): Promise<number> {
  const pid = await startOwnPcscd('/etc/reader.conf.d', join(tmpdir(), 'mic-pcscd-own.log'), maxConnections);
  await until(() => pcscdAnswers(), 5_000, () => 'pcscd with the virtual readers to answer');
  return pid;
}

async function startOwnPcscd(config: string, logFile: string, maxConnections: number | undefined): Promise<number> {
  const log = openSync(logFile, 'w');
  const limit = maxConnections === undefined ? [] : ['--max-thread', String(maxConnections)];
  const child = spawn(PCSCD, ['--foreground', '--config', config, ...limit], { detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  child.unref();
  await once(child, 'spawn');
  return child.pid!;
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

/** pcscd's client protocol (pcsc-lite's winscard_msg.h), in this machine's byte order as pcscd reads it. */
const CMD_VERSION = 0x11;
const PROTOCOL_VERSION = [4, 4] as const;

export interface HeldSockets {
  /** Hands `count` of them back to pcscd (all when omitted), which makes room once its thread for each has seen it close. */
  release(count?: number): void;
}

/** pcscd's open sockets: its listening one, and one for each client connection. */
function pcscdSockets(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).filter((fd) => {
    try {
      return readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:');
    } catch {
      return false; // closed while counting
    }
  }).length;
}

/**
 * Waits until pcscd's connections have stayed the same for a second: other PC/SC clients on this machine (a kiosk
 * running besides the tests) reconnect to a new pcscd by themselves, within their first retry.
 */
export async function pcscdSettled(pid: number): Promise<void> {
  let last = pcscdSockets(pid);
  let sameSince = Date.now();
  await until(
    () => {
      const now = pcscdSockets(pid);
      if (now !== last) [last, sameSince] = [now, Date.now()];
      return Date.now() - sameSince >= 1_000;
    },
    10_000,
    () => `pcscd's connections to settle, ${last} sockets`,
  );
}

/** Refusals in a row, this far apart, that tell a full pcscd from one that has not yet seen a client go. */
const FULL_AFTER_REFUSALS = 3;
const REFUSAL_PAUSE_MS = 50;

/**
 * Every connection pcscd has room for, held in this process without blocking it: pcscd gives a connection its place
 * when it takes it, and answers the protocol version only on a connection that has one (a pcsclite context would
 * take one more for every reader). Filling rather than counting leaves whatever else uses pcscd on this machine as
 * it is: another kiosk keeps the connections it has.
 */
export async function fillPcscd(): Promise<HeldSockets> {
  const held: Socket[] = [];
  for (let refusals = 0; refusals < FULL_AFTER_REFUSALS; ) {
    const socket = await takeConnection();
    if (socket) {
      held.push(socket);
      refusals = 0;
    } else {
      refusals += 1;
      await new Promise((resolve) => setTimeout(resolve, REFUSAL_PAUSE_MS));
    }
  }
  return {
    release(releasing = held.length) {
      for (const socket of held.splice(0, releasing)) socket.destroy();
    },
  };
}

/** A connection pcscd answered the protocol version on, or undefined when pcscd closed it unanswered. */
function takeConnection(): Promise<Socket | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ path: pcscdSocketPath() });
    const header = new Uint32Array([3 * 4, CMD_VERSION]);
    const version = new Int32Array([...PROTOCOL_VERSION, 0]);
    socket.once('connect', () => socket.write(Buffer.concat([Buffer.from(header.buffer), Buffer.from(version.buffer)])));
    socket.once('data', () => {
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      resolve(socket);
    });
    const refused = (): void => {
      socket.destroy();
      resolve(undefined);
    };
    socket.once('error', refused);
    socket.once('end', refused);
  });
}

export interface Scheduled {
  /** Does it now if it has not been done yet; resolves when it is done. */
  now(): Promise<void>;
}

/**
 * Signals pcscd `first` now and `then` after `ms`, from another process: a kiosk whose thread pcsclite holds (the
 * fault these tests look for) cannot run a timer, and so could not end the hold itself. SIGSTOP then SIGCONT is a
 * pcscd that takes connections and answers none for a while; SIGTERM alone ends a hold for good, as it wakes every
 * pcsclite call with an error.
 */
export async function signalPcscdFromOutside(pid: number, first: 'SIGSTOP' | undefined, then: 'SIGCONT' | 'SIGTERM', ms: number): Promise<Scheduled> {
  const script = `
    const signal = (name) => { try { process.kill(${pid}, name); } catch {} };
    ${first === undefined ? '' : `signal('${first}');`}
    const later = () => { signal('${then}'); process.exit(0); };
    setTimeout(later, ${ms});
    process.stdin.on('data', later);
    console.log('scheduled');
  `;
  const signaller = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = once(signaller, 'exit');
  // It may have done its part and exited just before now() writes to it.
  signaller.stdin.on('error', () => undefined);
  await once(signaller.stdout, 'data');
  return {
    async now() {
      if (signaller.exitCode === null && signaller.signalCode === null) signaller.stdin.write('now\n');
      await exited;
    },
  };
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
