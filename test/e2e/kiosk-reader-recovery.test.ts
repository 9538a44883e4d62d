import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ReaderState, ReaderStatus } from '../../kiosk/core/readers/reader-status.ts';
import { ResilientReaders } from '../../kiosk/core/readers/resilient-readers.node.ts';
import { ensurePcscd } from '../../scripts/lib/pcscd.ts';
import { VIRTUAL_READERS, VpcdCard, type AfterCommand } from '../../scripts/lib/vpcd-card.ts';
import { INS } from '../../shared/card/constants.ts';
import { pcscdAnswers, pcscdSocketPath, type PcscCardTransport } from '../../shared/card/pcsc-transport.node.ts';
import { readCard } from '../../shared/card/tap.ts';
import { isMicError } from '../../shared/errors.ts';
import { issueMemoryCard, type IssuedCard } from '../support/issued-card.ts';
import { until } from './support/until.ts';

/*
 * "pcscd restarted and reader removed mid-session → the kiosk recovers without a restart" (issue 4), on the real
 * stack: pcscd + vpcd + nfc-pcsc. One ResilientReaders lives through the whole file; every test stops pcscd
 * under it, and afterEach puts a normal pcscd back, because the other end-to-end files share it.
 */

const [READER_0, READER_1] = VIRTUAL_READERS;
const PCSCD = '/usr/sbin/pcscd';
const PCSCD_PID_FILE = join(dirname(pcscdSocketPath()), 'pcscd.pid');
/** ResilientReaders promises taps again at most 5 s after pcscd is back; a second for pcscd's own start-up. */
const RECOVERY_MS = 6_000;

// --- pcscd, stopped and started under the running readers ---------------------------------------------------

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
function signalPcscd(signal: 'SIGKILL' | 'SIGTERM'): number {
  const pid = pidInPidFile();
  if (pid === undefined || isDead(pid)) throw new Error(`no pcscd to stop: ${PCSCD_PID_FILE} names no live process`);
  process.kill(pid, signal);
  return pid;
}

async function pcscdGone(pid: number): Promise<void> {
  await until(() => isDead(pid), 5_000, () => `pcscd ${pid} to exit`);
  removeStalePidFile();
}

async function stopPcscd(signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
  await pcscdGone(signalPcscd(signal));
}

/** pcscd with an empty reader.conf.d: the PC/SC service runs, and every reader is unplugged. */
async function startPcscdWithoutReaders(): Promise<void> {
  const config = mkdtempSync(join(tmpdir(), 'mic-no-readers-'));
  const log = openSync(join(tmpdir(), 'mic-pcscd-no-readers.log'), 'w');
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
async function restoreNormalPcscd(): Promise<void> {
  removeStalePidFile();
  const pid = pidInPidFile();
  if (pid !== undefined && runsWithOwnReaderConfig(pid)) await stopPcscd('SIGTERM');
  await ensurePcscd();
}

// --- the kiosk side -------------------------------------------------------------------------------------------

interface TapOutcome {
  reader: string;
  /** the credential read from the card, or the error code of a failed read */
  credential?: string;
  code?: string;
}

/** One card per reader: a card is in one field at a time, and a second field would power it up afresh. */
let cardFor: [IssuedCard, IssuedCard];
let readers: ResilientReaders;
const statesSeen: ReaderState[] = [];
/** every card ResilientReaders reported, in order: one per tap that reached a reader */
const tapped: PcscCardTransport[] = [];
const outcomes: TapOutcome[] = [];
let outcomesTaken = 0;
const cards: VpcdCard[] = [];

/** What Kiosk.attachReaders does with each tap, reduced to the card read every session starts with. */
function readEveryTap(source: ResilientReaders): void {
  source.onCard((card) => {
    tapped.push(card);
    readCard(card).then(
      (read) => outcomes.push({ reader: card.reader, credential: read.credential }),
      (error: unknown) => outcomes.push({ reader: card.reader, code: isMicError(error) ? error.code : `untyped: ${String(error)}` }),
    );
  });
}

async function nextOutcome(timeoutMs = 5_000): Promise<TapOutcome> {
  await until(() => outcomes.length > outcomesTaken, timeoutMs, () => `tap #${outcomesTaken + 1} to be read`);
  return outcomes[outcomesTaken++]!;
}

async function tap(reader: 0 | 1, afterCommand?: AfterCommand): Promise<VpcdCard> {
  const card = new VpcdCard(cardFor[reader].applet, { reader, ...(afterCommand && { afterCommand }) });
  cards.push(card);
  await card.insert();
  return card;
}

const onReadBinary =
  (action: () => 'lift' | undefined): AfterCommand =>
  (command) =>
    command[1] === INS.readBinary ? action() : undefined;

async function statusBecomes(state: ReaderState, names: readonly string[], timeoutMs = RECOVERY_MS): Promise<void> {
  const matches = (status: ReaderStatus): boolean =>
    status.state === state && status.readers.length === names.length && names.every((name) => status.readers.includes(name));
  await until(() => matches(readers.status()), timeoutMs, () => `status ${state} [${names.join(', ')}], is ${JSON.stringify(readers.status())}`);
}

const readOk = (reader: 0 | 1): TapOutcome => ({ reader: VIRTUAL_READERS[reader], credential: cardFor[reader].credential.jwt });

beforeAll(async () => {
  cardFor = [await issueMemoryCard({ member: '3301020001' }), await issueMemoryCard({ member: '3301020002' })];
  await restoreNormalPcscd();
  readers = ResilientReaders.start();
  readers.onStatus((status) => statesSeen.push(status.state));
  readEveryTap(readers);
  await statusBecomes('connected', VIRTUAL_READERS);
});

afterEach(async () => {
  await Promise.all(cards.splice(0).map((card) => card.remove()));
  // pcscd notices a lift at its next poll; the next test must not be handed this test's card.
  await Promise.all(tapped.map((transport) => transport.removed));
  await restoreNormalPcscd();
  await statusBecomes('connected', VIRTUAL_READERS);
  outcomesTaken = outcomes.length;
});

afterAll(async () => {
  await readers?.close();
  await restoreNormalPcscd();
});

describe('kiosk card readers through pcscd restarts and unplugged readers', () => {
  it('when a card is tapped, then the kiosk hears the tap once and reads the card', async () => {
    const before = tapped.length;
    await tap(0);
    expect(await nextOutcome()).toEqual(readOk(0));
    expect(tapped.length - before).toBe(1);
  });

  it('when pcscd is killed in the middle of a read and started again, then that read fails with ERR_CARD_REMOVED and the next tap is read', async () => {
    const before = tapped.length;
    let killed: number | undefined;
    await tap(0, onReadBinary(() => {
      killed ??= signalPcscd('SIGKILL');
      return undefined;
    }));
    expect(await nextOutcome()).toEqual({ reader: READER_0, code: 'ERR_CARD_REMOVED' });
    await statusBecomes('waiting-for-pcscd', []);
    await pcscdGone(killed!);

    await ensurePcscd();
    await statusBecomes('connected', VIRTUAL_READERS);
    await tap(0);
    expect(await nextOutcome()).toEqual(readOk(0));
    expect(tapped.length - before).toBe(2);
  });

  it('when a card is lifted mid-read right after pcscd came back, then the read fails with ERR_CARD_REMOVED and the next tap is read', async () => {
    await stopPcscd('SIGKILL');
    await statusBecomes('waiting-for-pcscd', []);
    await ensurePcscd();
    await statusBecomes('connected', VIRTUAL_READERS);
    const before = tapped.length;

    await tap(1, onReadBinary(() => 'lift'));
    expect(await nextOutcome()).toEqual({ reader: READER_1, code: 'ERR_CARD_REMOVED' });
    await tapped.at(-1)!.removed;
    await tap(1);
    expect(await nextOutcome()).toEqual(readOk(1));
    expect(tapped.length - before).toBe(2);
  });

  it('when the readers are unplugged mid-read and pcscd comes back without them, then the status says so, and once they are back taps are read on both', async () => {
    const before = tapped.length;
    let stopped: number | undefined;
    // Unplugging the reader takes its field, and the card's answer, with it.
    await tap(1, onReadBinary(() => {
      stopped ??= signalPcscd('SIGTERM');
      return 'lift';
    }));
    expect(await nextOutcome()).toEqual({ reader: READER_1, code: 'ERR_CARD_REMOVED' });
    await pcscdGone(stopped!);

    await startPcscdWithoutReaders();
    await statusBecomes('no-readers', []);
    const noReader = await new VpcdCard(cardFor[0].applet, { reader: 0 }).insert().then(
      () => 'inserted',
      (error: { code?: string }) => error.code,
    );
    expect(noReader).toBe('ERR_VPCD_UNAVAILABLE');
    expect(tapped.length - before).toBe(1);

    await stopPcscd('SIGTERM');
    await ensurePcscd();
    await statusBecomes('connected', VIRTUAL_READERS);
    await Promise.all([tap(0), tap(1)]);
    const both = [await nextOutcome(), await nextOutcome()];
    expect(both).toEqual(expect.arrayContaining([readOk(0), readOk(1)]));
    expect(tapped.length - before).toBe(3);
    expect(statesSeen).toContain('no-readers');
  });
});
