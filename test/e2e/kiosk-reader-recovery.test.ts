import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ReaderState, ReaderStatus } from '../../kiosk/core/readers/reader-status.ts';
import { ResilientReaders } from '../../kiosk/core/readers/resilient-readers.node.ts';
import { ensurePcscd } from '../../scripts/lib/pcscd.ts';
import { VIRTUAL_READERS, VpcdCard, type AfterCommand } from '../../scripts/lib/vpcd-card.ts';
import { INS } from '../../shared/card/constants.ts';
import type { PcscCardTransport } from '../../shared/card/pcsc-transport.node.ts';
import { readCard } from '../../shared/card/tap.ts';
import { isMicError } from '../../shared/errors.ts';
import { issueMemoryCard, type IssuedCard } from '../support/issued-card.ts';
import { pcscdGone, restoreNormalPcscd, signalPcscd, startPcscdWithoutReaders, stopPcscd } from './support/pcscd-control.ts';
import { until } from './support/until.ts';

/*
 * "pcscd restarted and reader removed mid-session → the kiosk recovers without a restart" (issue 4), on the real
 * stack: pcscd + vpcd + nfc-pcsc. One ResilientReaders lives through the whole file; every test stops pcscd
 * under it, and afterEach puts a normal pcscd back, because the other end-to-end files share it.
 */

const [READER_0, READER_1] = VIRTUAL_READERS;
/** ResilientReaders promises taps again at most 5 s after pcscd is back; a second for pcscd's own start-up. */
const RECOVERY_MS = 6_000;

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

  it('when pcscd is killed in the middle of a read and started again, then that read fails with ERR_CARD_REMOVED, no reader counts as failed, and the next tap is read', async () => {
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
    // pcscd dying fails every reader with SCARD_F_COMM_ERROR, as a broken reader would: it must not read as one.
    expect(statesSeen).not.toContain('failed');
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
    expect(statesSeen).not.toContain('failed');
  });
});
