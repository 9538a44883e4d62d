import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ReaderState } from '../../kiosk/core/readers/reader-status.ts';
import { VpcdCard } from '../../scripts/lib/vpcd-card.ts';
import { PcscReaders, type CardFault } from '../../shared/card/pcsc-transport.node.ts';
import { openKioskWorld, TAP_READER, type KioskWorld } from './support/kiosk-world.ts';
import { UNCONNECTABLE_ATR } from './support/unconnectable-card.ts';
import { until } from './support/until.ts';

/*
 * A card PC/SC cannot connect to (support/unconnectable-card.ts): nfc-pcsc reports the failure in a way no listener
 * hears, and the kiosk must still tell the member.
 */

let world: KioskWorld;
const readerStates: ReaderState[] = [];

beforeAll(async () => {
  world = await openKioskWorld({ county: { members: 1 }, kiosk: { autoSync: false } });
  world.kiosk.subscribe((notice) => {
    if (notice.type === 'status' && notice.status.reader) readerStates.push(notice.status.reader.state);
  });
});

afterEach(() => {
  expect(world.kioskErrors).toEqual([]);
});

afterAll(() => world?.close());

/** Lays a card PC/SC cannot connect to on reader 0 until `seen()`, then lifts it. */
async function layUnconnectableCard(seen: () => boolean, what: string): Promise<void> {
  const card = new VpcdCard(world.county.members[0]!.applet, { reader: 0, atr: UNCONNECTABLE_ATR });
  await card.insert();
  try {
    await until(seen, 10_000, () => what);
  } finally {
    await card.remove();
  }
}

describe('a card the reader cannot connect to', () => {
  it('when such a card is laid on the reader, then the kiosk answers "not read" with nothing recorded, the reader stays connected, and a good card then checks in', async () => {
    const answersBefore = world.answers.length;
    await layUnconnectableCard(() => world.answers.length > answersBefore, `the kiosk's answer to an unconnectable card on ${TAP_READER}`);
    expect(world.answers.slice(answersBefore)).toEqual([expect.objectContaining({ kind: 'not-read', reader: TAP_READER })]);
    expect(world.tapped).toHaveLength(0);
    expect(world.kiosk.status()).toMatchObject({ queueLength: 0, lastResult: { kind: 'not-read' }, reader: { state: 'connected' } });
    expect(readerStates).not.toContain('failed');

    const member = world.county.members[0]!;
    const checkedIn = await world.tap(member);
    expect(checkedIn).toMatchObject({ kind: 'checked-in', reader: TAP_READER, person: { member: member.member } });
    await world.kiosk.syncNow();
    expect((await world.events()).map((event) => event.payload.type)).toEqual(['checkin']);
    expect(readerStates).not.toContain('failed');
  });

  it('when PcscReaders cannot connect to a card, then it reports a card fault at the connect stage, never a reader error', async () => {
    const faults: CardFault[] = [];
    const errors: Error[] = [];
    const readers = await PcscReaders.start({ onCardFault: (fault) => faults.push(fault), onError: (error) => errors.push(error) });
    try {
      await until(() => readers.readers.includes(TAP_READER), 10_000, () => `reader ${TAP_READER}`);
      await layUnconnectableCard(() => faults.length > 0, 'a card fault');
      expect(faults).toEqual([expect.objectContaining({ reader: TAP_READER, stage: 'connect' })]);
      expect(faults[0]!.error.message).toMatch(/connect/i);
      expect(errors).toEqual([]);
    } finally {
      await readers.close();
    }
  });
});
