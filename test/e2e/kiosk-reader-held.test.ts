import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ReaderState, ReaderStatus } from '../../kiosk/core/readers/reader-status.ts';
import { ResilientReaders } from '../../kiosk/core/readers/resilient-readers.node.ts';
import { VIRTUAL_READERS, VpcdCard } from '../../scripts/lib/vpcd-card.ts';
import type { PcscCardTransport } from '../../shared/card/pcsc-transport.node.ts';
import { readCard } from '../../shared/card/tap.ts';
import { issueMemoryCard, type IssuedCard } from '../support/issued-card.ts';
import {
  fillPcscd,
  pcscdSettled,
  restoreNormalPcscd,
  signalPcscdFromOutside,
  startPcscdWithReaders,
  stopPcscd,
  type HeldSockets,
  type Scheduled,
} from './support/pcscd-control.ts';
import { until } from './support/until.ts';

/*
 * pcscd running but not serving the kiosk, for real: at its limit of connections (--max-thread), or stopped, so that
 * it takes connections and answers none. pcsclite holds the thread that calls it in both (kiosk/core/readers/
 * pcsc-child.node.ts), so each test watches the kiosk's own event loop throughout: while pcsclite ran on it, it stood
 * still for as long as pcscd kept it (the whole stop; closing at the limit until pcscd went away, which these tests
 * have another process bring about, so that such a kiosk fails here instead of hanging).
 */

const [READER_0, READER_1] = VIRTUAL_READERS;
/**
 * A kiosk connects to pcscd once, and once for each reader, and reading a card takes one more for that reader: room
 * for two kiosks, as a machine that runs one besides the tests' may have. fillPcscd takes whatever is left.
 */
const LIMIT = 10;
/**
 * Longer than any pause of a kiosk that works, on a loaded two-core machine; a screen standing still this long already
 * looks frozen to a member. A pcscd that held the kiosk's thread held it for seconds, or for good.
 */
const LONGEST_STILL_MS = 500;
/** Two refusals (0.5 s apart, a child process started for each), or ResilientReaders' longest wait (5 s) and a start. */
const RECOVERY_MS = 10_000;
/** Two tries that pcscd keeps waiting (2 s each) with the half second between them. */
const HELD_SEEN_MS = 10_000;

const REFUSED = 'SCardEstablishContext error: Access denied.(0x8010006a)';
const READER_REFUSED = 'SCardGetStatusChange error: Invalid handle.(0x80100003)';
const KEPT_WAITING = "The PC/SC service (pcscd) held the kiosk's connection for more than 2 s: it does not answer, or has no connection to spare";

let card: IssuedCard;
let readers: ResilientReaders | undefined;
let held: HeldSockets | undefined;
let scheduled: Scheduled | undefined;
let loop: IntervalHistogram | undefined;
const cards: VpcdCard[] = [];

beforeAll(async () => {
  card = await issueMemoryCard({ member: '3301020001' });
});

afterEach(async () => {
  // pcscd running again (or gone) before anything waits on it.
  await scheduled?.now();
  held?.release();
  await Promise.all(cards.splice(0).map((vpcd) => vpcd.remove()));
  await readers?.close();
  loop?.disable();
  readers = undefined;
  held = undefined;
  scheduled = undefined;
  await restoreNormalPcscd();
});

/** The kiosk's event loop from now on: how long it ever stood still. */
function watchEventLoop(): IntervalHistogram {
  loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  return loop;
}

const longestStillMs = (histogram: IntervalHistogram): number => histogram.max / 1e6;

interface Watched {
  states: ReaderState[];
  errors: string[];
  tapped: PcscCardTransport[];
}

function startKiosk(): Watched {
  const watched: Watched = { states: [], errors: [], tapped: [] };
  readers = ResilientReaders.start({ onError: (error) => watched.errors.push(error.message) });
  readers.onStatus((status) => watched.states.push(status.state));
  readers.onCard((transport) => watched.tapped.push(transport));
  return watched;
}

async function statusBecomes(matches: (status: ReaderStatus) => boolean, what: string, timeoutMs: number): Promise<ReaderStatus> {
  await until(() => matches(readers!.status()), timeoutMs, () => `status ${what}, is ${JSON.stringify(readers!.status())}`);
  return readers!.status();
}

const bothReadersConnected = (status: ReaderStatus): boolean =>
  status.state === 'connected' && status.readers.includes(READER_0) && status.readers.includes(READER_1);

/** A tap on reader 0 as the kiosk's session starts one: the card's credential read over pcscd. */
async function tapIsRead(watched: Watched): Promise<string> {
  const before = watched.tapped.length;
  const vpcd = new VpcdCard(card.applet, { reader: 0 });
  cards.push(vpcd);
  await vpcd.insert();
  await until(() => watched.tapped.length > before, 5_000, () => `the tap on ${READER_0}`);
  return (await readCard(watched.tapped.at(-1)!)).credential;
}

describe('kiosk card readers while pcscd keeps the kiosk waiting', () => {
  it('when pcscd is at its limit of connections, then the kiosk keeps running and says pcscd refuses it, also while pcscd has room for it but not its readers, and once pcscd has room for all, a tap is read', async () => {
    await stopPcscd('SIGTERM');
    await pcscdSettled(await startPcscdWithReaders(LIMIT));
    held = await fillPcscd();
    const still = watchEventLoop();
    const watched = startKiosk();

    expect(await statusBecomes((status) => status.state === 'failed', 'failed', RECOVERY_MS)).toEqual({ state: 'failed', readers: [], failure: { message: REFUSED } });

    // One connection frees: the kiosk's own gets in, and pcscd refuses each reader's, which pcsclite would never
    // list again on that connection. The kiosk is still refused, and says so.
    held.release(1);
    await until(() => watched.errors.includes(READER_REFUSED), RECOVERY_MS, () => `a reader refused, errors ${JSON.stringify(watched.errors)}`);
    expect(await statusBecomes((status) => status.failure?.message === READER_REFUSED, 'failed for the refused readers', RECOVERY_MS)).toEqual({
      state: 'failed',
      readers: [],
      failure: { message: READER_REFUSED },
    });
    expect(watched.states.every((state) => state === 'failed')).toBe(true);

    held.release();
    await statusBecomes(bothReadersConnected, 'connected on both readers', RECOVERY_MS);
    expect(await tapIsRead(watched)).toBe(card.credential.jwt);
    expect(longestStillMs(still)).toBeLessThan(LONGEST_STILL_MS);
  });

  it('when pcscd is at its limit of connections and the kiosk closes its readers, as it does when shutting down, then they close at once and the kiosk keeps running', async () => {
    await stopPcscd('SIGTERM');
    const pcscd = await startPcscdWithReaders(LIMIT);
    startKiosk();
    await statusBecomes(bothReadersConnected, 'connected on both readers', RECOVERY_MS);
    held = await fillPcscd();
    scheduled = await signalPcscdFromOutside(pcscd, undefined, 'SIGTERM', 8_000);
    const still = watchEventLoop();

    const closing = performance.now();
    await readers!.close();
    expect(performance.now() - closing).toBeLessThan(LONGEST_STILL_MS);
    expect(longestStillMs(still)).toBeLessThan(LONGEST_STILL_MS);
  });

  it('when pcscd takes the kiosk’s connection and answers nothing (it is stopped), then the kiosk keeps running and says the card service is not answering, and once pcscd answers, a tap is read', async () => {
    await stopPcscd('SIGTERM');
    const pcscd = await startPcscdWithReaders();
    scheduled = await signalPcscdFromOutside(pcscd, 'SIGSTOP', 'SIGCONT', 20_000);
    const still = watchEventLoop();
    const watched = startKiosk();

    expect(await statusBecomes((status) => status.state === 'failed', 'failed', HELD_SEEN_MS)).toEqual({ state: 'failed', readers: [], failure: { message: KEPT_WAITING } });
    expect(watched.states).toEqual(['failed']);

    await scheduled.now();
    await statusBecomes(bothReadersConnected, 'connected on both readers', RECOVERY_MS);
    expect(await tapIsRead(watched)).toBe(card.credential.jwt);
    expect(longestStillMs(still)).toBeLessThan(LONGEST_STILL_MS);
  });
});
