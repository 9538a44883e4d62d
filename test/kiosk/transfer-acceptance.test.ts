import { describe, expect, it } from 'vitest';
import { MemoryTransport } from '../../shared/card/memory-transport.ts';
import { verifyEvent } from '../../shared/events/event-jws.ts';
import { verifyCardEvidence } from '../../shared/verify/card-evidence.ts';
import type { Transfer } from '../../kiosk/core/config/config-schema.ts';
import { runCardSession } from '../../kiosk/core/session/card-session.ts';
import { SECRETARY_TAP_WINDOW_MS } from '../../kiosk/core/session/transfer-tap.ts';
import type { TapResult } from '../../kiosk/core/session/tap-result.ts';
import { clockWithOffset, type Clock } from '../../kiosk/core/time/clock.ts';
import type { IssuedCard } from '../support/issued-card.ts';
import { TRANSFER, issueCards, revoked, sessionFixture, transfers, type SessionFixture } from './support/world.ts';

const cards = await issueCards();

/** A clock the test moves forward by hand. */
function steppingClock(): Clock & { advance(ms: number): void } {
  let offsetMs = 0;
  const clock = clockWithOffset(480, () => new Date(Date.now() + offsetMs));
  return { ...clock, advance: (ms) => void (offsetMs += ms) };
}

async function accepting(options: Parameters<typeof sessionFixture>[1] = {}): Promise<SessionFixture> {
  const fixture = await sessionFixture(cards, options);
  fixture.modes.apply({ type: 'start-transfer', transfer: transfers()[0] as Transfer });
  return fixture;
}

const tap = (fixture: SessionFixture, card: IssuedCard, reader = 'reader-1'): Promise<TapResult> =>
  runCardSession(new MemoryTransport(card.applet, reader), fixture.context, fixture.modes, fixture.context.clock);

describe('transfer acceptance', () => {
  it('when the member named in the letter taps and then the branch secretary taps, then one transfer.accept event carries both evidences bound to the same facts', async () => {
    const fixture = await accepting();
    const first = await tap(fixture, cards.transferee);
    expect(first).toMatchObject({ kind: 'transfer-member-ok', transfer: TRANSFER, person: { member: '3301880005', name: '陈明' } });
    expect(fixture.modes.mode).toMatchObject({ kind: 'transfer', step: 'secretary' });
    expect(fixture.outbox.queueLength()).toBe(0);

    const second = await tap(fixture, cards.secretary, 'reader-2');
    expect(second).toMatchObject({ kind: 'transfer-accepted', transfer: TRANSFER, person: { name: '陈明' }, secretary: { member: '3301020003', name: '李书记' }, seq: 1 });
    expect(fixture.modes.mode).toEqual({ kind: 'idle' });

    const [pending] = fixture.outbox.pending(10);
    const event = await verifyEvent(pending!.jws, fixture.kioskPublicKey);
    if (event.type !== 'transfer.accept') throw new Error(`expected transfer.accept, got ${event.type}`);
    expect(event).toMatchObject({ transfer: TRANSFER, member: '3301880005', at: first.at });
    const facts = { purpose: 'transfer.accept', kioskKid: fixture.kid, subjectId: TRANSFER, at: event.at };
    const member = await verifyCardEvidence(event.card, facts, cards.transferee.trust);
    const secretary = await verifyCardEvidence(event.secretary, facts, cards.secretary.trust);
    expect([member.credential.claims.sub, secretary.credential.claims.sub]).toEqual(['3301880005', '3301020003']);
    expect(event.card.nonce).not.toBe(event.secretary.nonce);
  });

  it('when someone other than the member named in the letter taps first, then refused as not-transfer-member and the kiosk keeps waiting for the member', async () => {
    const fixture = await accepting();
    expect(await tap(fixture, cards.member)).toMatchObject({ kind: 'refused', reason: 'not-transfer-member', person: { name: '王芳' } });
    expect(fixture.modes.mode).toMatchObject({ kind: 'transfer', step: 'member' });
    expect(fixture.outbox.queueLength()).toBe(0);
  });

  it('when a member who is not a secretary confirms, or a secretary of another branch, then refused as not-secretary and nothing is recorded', async () => {
    const fixture = await accepting();
    await tap(fixture, cards.transferee);
    expect(await tap(fixture, cards.member)).toMatchObject({ kind: 'refused', reason: 'not-secretary' });
    expect(await tap(fixture, cards.otherSecretary)).toMatchObject({ kind: 'refused', reason: 'not-secretary' });
    expect(fixture.outbox.queueLength()).toBe(0);
    expect(await tap(fixture, cards.secretary)).toMatchObject({ kind: 'transfer-accepted' });
  });

  it('when the member taps again to confirm their own transfer, then refused as secretary-is-member', async () => {
    const fixture = await accepting();
    await tap(fixture, cards.transferee);
    expect(await tap(fixture, cards.transferee)).toMatchObject({ kind: 'refused', reason: 'secretary-is-member' });
  });

  it('when the secretary taps after the confirmation window, then refused as transfer-timed-out and the member must tap again', async () => {
    const clock = steppingClock();
    const fixture = await accepting({ clock });
    await tap(fixture, cards.transferee);
    clock.advance(SECRETARY_TAP_WINDOW_MS + 1000);
    expect(await tap(fixture, cards.secretary)).toMatchObject({ kind: 'refused', reason: 'transfer-timed-out' });
    expect(fixture.modes.mode).toMatchObject({ kind: 'transfer', step: 'member' });
    expect(fixture.outbox.queueLength()).toBe(0);
  });

  it("when the secretary's own card is revoked, then it is refused and reported as card.denied, and no acceptance is recorded", async () => {
    const fixture = await accepting({ revoked: [revoked(cards.secretary)] });
    await tap(fixture, cards.transferee);
    expect(await tap(fixture, cards.secretary)).toMatchObject({ kind: 'refused', reason: 'revoked' });
    const events = await Promise.all(fixture.outbox.pending(10).map((event) => verifyEvent(event.jws, fixture.kioskPublicKey)));
    expect(events.map((event) => event.type)).toEqual(['card.denied']);
    expect(fixture.outbox.hasAcceptedTransfer(TRANSFER)).toBe(false);
  });

  it('when the transfer was already accepted at this kiosk, then a new attempt is refused as transfer-already-accepted', async () => {
    const fixture = await accepting();
    await tap(fixture, cards.transferee);
    await tap(fixture, cards.secretary);
    fixture.modes.apply({ type: 'start-transfer', transfer: transfers()[0] as Transfer });
    expect(await tap(fixture, cards.transferee)).toMatchObject({ kind: 'refused', reason: 'transfer-already-accepted' });
    expect(fixture.outbox.queueLength()).toBe(1);
  });
});
