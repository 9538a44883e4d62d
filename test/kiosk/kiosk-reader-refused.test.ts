import { afterEach, describe, expect, it } from 'vitest';
import type { ReaderState, ReaderStatus } from '../../kiosk/core/readers/reader-status.ts';
import { ResilientReaders, type PcscConnection } from '../../kiosk/core/readers/resilient-readers.node.ts';
import type { PcscReadersOptions } from '../../shared/card/pcsc-transport.node.ts';
import { MicError } from '../../shared/errors.ts';

/*
 * pcscd taking the kiosk's connection and closing it unanswered, which pcsclite reports as "Access denied". A killed
 * pcscd does that for a moment after its readers have failed (test/e2e/kiosk-reader-recovery.test.ts met it under
 * load); a pcscd that keeps doing it refuses the kiosk, as test/e2e/kiosk-reader-refused.test.ts produces for real.
 * Here a stand-in for PcscReaders.start answers each attempt the way a test lines up, so the order is exact.
 */

const REFUSED = 'SCardEstablishContext error: Access denied.(0x8010006a)';
/** what pcsclite reports for a reader whose own connection pcscd refused (test/e2e/kiosk-reader-held.test.ts, for real) */
const READER_REFUSED = 'SCardGetStatusChange error: Invalid handle.(0x80100003)';
const READER = 'Virtual PCD 00 00';
/** A few tries on ResilientReaders' back-off (0.5 s, 1 s, …), with room to spare. */
const RETRIES_MS = 5_000;

type Answer = 'refuse' | 'not-running' | 'let-in' | 'refuse-readers';

/** pcscd as PcscReaders.start meets it: each attempt takes the next answer; the last one repeats. */
class ScriptedPcscd {
  readonly attempts: Answer[] = [];
  /** when each attempt came, in ms since the first */
  readonly attemptedAt: number[] = [];
  private readonly startedAt = Date.now();

  constructor(private readonly answers: Answer[]) {}

  /** From now on, every attempt gets `answer`. */
  answerFromNow(answer: Answer): void {
    this.answers.splice(0, this.answers.length, answer);
  }

  readonly connect = async (options: PcscReadersOptions): Promise<PcscConnection> => {
    const answer = this.answers.length > 1 ? this.answers.shift()! : this.answers[0]!;
    this.attempts.push(answer);
    this.attemptedAt.push(Date.now() - this.startedAt);
    if (answer === 'refuse') throw new Error(REFUSED);
    if (answer === 'not-running') throw new MicError('ERR_NO_READER', 'The PC/SC service (pcscd) is not running');
    if (answer === 'refuse-readers') {
      // Listed, then failed at its first wait for a card, and gone: as pcsclite does it.
      setTimeout(() => options.onError?.(new Error(READER_REFUSED), READER), 5);
      return { readers: [], onCard: () => () => true, close: async () => undefined };
    }
    return { readers: [READER], onCard: () => () => true, close: async () => undefined };
  };
}

let readers: ResilientReaders | undefined;
afterEach(async () => {
  await readers?.close();
  readers = undefined;
});

function watch(pcscd: ScriptedPcscd): { states: ReaderState[]; logged: string[] } {
  const logged: string[] = [];
  readers = ResilientReaders.start({ connect: pcscd.connect, onError: (error) => logged.push(error.message) });
  const states: ReaderState[] = [];
  readers.onStatus((status) => states.push(status.state));
  return { states, logged };
}

const status = (): ReaderStatus | undefined => readers?.status();
const CONNECTED: ReaderStatus = { state: 'connected', readers: [READER] };

describe('kiosk card readers when pcscd refuses the connection', () => {
  it('when pcscd refuses once and then goes away, as a killed pcscd does, then the status never says failed, and once pcscd is back the kiosk connects', async () => {
    const pcscd = new ScriptedPcscd(['refuse', 'not-running', 'let-in']);
    const { states, logged } = watch(pcscd);

    await expect.poll(status, { timeout: RETRIES_MS }).toEqual(CONNECTED);
    expect(pcscd.attempts).toEqual(['refuse', 'not-running', 'let-in']);
    expect(states).not.toContain('failed');
    // Not shown, but whoever services the kiosk finds it in the log.
    expect(logged).toEqual([REFUSED]);
  });

  it('when pcscd refuses once and lets the kiosk in at the next try, then the status never says failed', async () => {
    const pcscd = new ScriptedPcscd(['refuse', 'let-in']);
    const { states } = watch(pcscd);

    await expect.poll(status, { timeout: RETRIES_MS }).toEqual(CONNECTED);
    expect(pcscd.attempts).toEqual(['refuse', 'let-in']);
    expect(states).not.toContain('failed');
  });

  it('when pcscd keeps refusing, then the status says failed with PC/SC’s words from the second refusal on, until pcscd lets the kiosk in', async () => {
    const pcscd = new ScriptedPcscd(['refuse']);
    const { states } = watch(pcscd);

    await expect.poll(status, { timeout: RETRIES_MS }).toEqual({ state: 'failed', readers: [], failure: { message: REFUSED } });
    expect(pcscd.attempts).toEqual(['refuse', 'refuse']);
    expect(states).toEqual(['failed']);

    pcscd.answerFromNow('let-in');
    await expect.poll(status, { timeout: RETRIES_MS }).toEqual(CONNECTED);
    expect(states).toEqual(['failed', 'connected']);
  });

  it('when pcscd lets the kiosk in but refuses every reader, then the status says failed with PC/SC’s words, and the kiosk connects again after a wait that grows, until a reader works', async () => {
    const pcscd = new ScriptedPcscd(['refuse-readers', 'refuse-readers', 'let-in']);
    const { states, logged } = watch(pcscd);

    await expect.poll(status, { timeout: RETRIES_MS }).toEqual({ state: 'failed', readers: [], failure: { message: READER_REFUSED } });
    await expect.poll(status, { timeout: RETRIES_MS }).toEqual(CONNECTED);
    expect(pcscd.attempts).toEqual(['refuse-readers', 'refuse-readers', 'let-in']);
    // Each connection is judged once its readers had their second to be listed, then the kiosk waits 0.5 s, then 1 s.
    const [first, second, third] = pcscd.attemptedAt as [number, number, number];
    expect(second - first).toBeGreaterThanOrEqual(1_500);
    expect(third - second).toBeGreaterThanOrEqual(2_000);
    // Never "connected" for the moment a reader is listed before pcscd refuses it, nor "no reader" after.
    expect(states).toEqual(['failed', 'connected']);
    expect(logged).toEqual([READER_REFUSED, READER_REFUSED]);
  });

  it('when pcscd refuses, goes away and refuses again after it is back, then each refusal counts as a first one and the status never says failed', async () => {
    const pcscd = new ScriptedPcscd(['refuse', 'not-running', 'refuse', 'let-in']);
    const { states } = watch(pcscd);

    await expect.poll(status, { timeout: RETRIES_MS }).toEqual(CONNECTED);
    expect(pcscd.attempts).toEqual(['refuse', 'not-running', 'refuse', 'let-in']);
    expect(states).not.toContain('failed');
  });
});
