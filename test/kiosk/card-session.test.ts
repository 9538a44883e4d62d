import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { ReferenceApplet } from '../../card-firmware-spec/reference/applet.ts';
import { MemoryTransport, type ApduProcessor } from '../../shared/card/memory-transport.ts';
import { INS, SW } from '../../shared/card/constants.ts';
import { encodeResponse } from '../../shared/card/apdu.ts';
import { verifyEvent } from '../../shared/events/event-jws.ts';
import type { EventPayload } from '../../shared/events/event-schema.ts';
import { generateIssuerKey } from '../../shared/issuance/issuer-key.ts';
import { verifyCardEvidence } from '../../shared/verify/card-evidence.ts';
import { runCardSession } from '../../kiosk/core/session/card-session.ts';
import type { TapResult } from '../../kiosk/core/session/tap-result.ts';
import { clockWithOffset } from '../../kiosk/core/time/clock.ts';
import { issueMemoryCard, type IssuedCard } from '../support/issued-card.ts';
import { LiftingCard } from './support/lifting-card.ts';
import { MEETING, chinaClock, issueCards, revoked, sessionFixture, type SessionFixture } from './support/world.ts';

const cards = await issueCards();
const DAY = 86_400_000;

const meeting = { id: MEETING, kind: 'general_meeting', title: '第四季度支部党员大会', origin: 'scheduled' as const };

async function inMeeting(options: Parameters<typeof sessionFixture>[1] = {}): Promise<SessionFixture> {
  const fixture = await sessionFixture(cards, options);
  fixture.modes.apply({ type: 'open-meeting', meeting });
  return fixture;
}

const tapOn = (fixture: SessionFixture, card: ApduProcessor, reader = 'reader-1'): Promise<TapResult> =>
  runCardSession(new MemoryTransport(card, reader), fixture.context, fixture.modes, chinaClock);

async function events(fixture: SessionFixture): Promise<EventPayload[]> {
  return Promise.all(fixture.outbox.pending(100).map((event) => verifyEvent(event.jws, fixture.kioskPublicKey)));
}

const counterOf = (card: IssuedCard): number => card.applet.save().counter;

describe('card session in meeting check-in', () => {
  it('when a member of the branch taps, then checked-in with the roster name and home branch, and one checkin event anyone can re-verify', async () => {
    const fixture = await inMeeting();
    const result = await tapOn(fixture, cards.member.applet);
    expect(result).toMatchObject({ kind: 'checked-in', reader: 'reader-1', meeting: MEETING, seq: 1, person: { member: '3301020001', name: '王芳', org: 'branch-7', orgName: '城关镇第七支部' } });
    const [event] = await events(fixture);
    if (event?.type !== 'checkin') throw new Error(`expected a checkin event, got ${event?.type}`);
    expect(event).toMatchObject({ meeting: MEETING, member: '3301020001', kiosk: fixture.kid, at: result.at });
    expect(event.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+08:00$/);
    // The evidence is bound to exactly these facts: an auditor recomputes the challenge and checks it offline.
    const tap = await verifyCardEvidence(event.card, { purpose: 'checkin', kioskKid: fixture.kid, subjectId: MEETING, at: event.at }, cards.member.trust);
    expect(tap.credential.claims.sub).toBe('3301020001');
    await expect(verifyCardEvidence(event.card, { purpose: 'checkin', kioskKid: fixture.kid, subjectId: 'another-meeting', at: event.at }, cards.member.trust))
      .rejects.toMatchObject({ code: 'ERR_PRESENCE_SIGNATURE_INVALID' });
  });

  it('when the same member taps a second time, then "already" with no new event and no new card signature', async () => {
    const fixture = await inMeeting();
    await tapOn(fixture, cards.member.applet);
    const counter = counterOf(cards.member);
    const second = await tapOn(fixture, cards.member.applet);
    expect(second).toMatchObject({ kind: 'already', person: { name: '王芳' }, meeting: MEETING });
    expect(fixture.outbox.queueLength()).toBe(1);
    expect(counterOf(cards.member)).toBe(counter);
  });

  it('when the same member taps two readers at the same moment, then one is checked in and the other told "already"', async () => {
    const fixture = await inMeeting();
    const results = await Promise.all([tapOn(fixture, cards.member.applet, 'reader-1'), tapOn(fixture, cards.member.applet, 'reader-2')]);
    expect(results.map((result) => result.kind).sort()).toEqual(['already', 'checked-in']);
    expect((await events(fixture)).filter((event) => event.type === 'checkin')).toHaveLength(1);
  });

  it('when a member of another branch outside the roster taps, then checked in with the name on the card (cards work at any branch)', async () => {
    const fixture = await inMeeting();
    const result = await tapOn(fixture, cards.visitor.applet);
    expect(result).toMatchObject({ kind: 'checked-in', person: { member: '3301990002', name: '张伟' } });
    expect(result.kind === 'checked-in' && result.person.org).toBeUndefined();
  });

  it('when a revoked card is tapped, then the kiosk refuses it offline and records card.denied with reason revoked, serial and credential', async () => {
    const fixture = await inMeeting({ revoked: [revoked(cards.visitor)] });
    const counter = counterOf(cards.visitor);
    const result = await tapOn(fixture, cards.visitor.applet);
    expect(result).toMatchObject({ kind: 'refused', reason: 'revoked', seq: 1 });
    expect(await events(fixture)).toMatchObject([
      { type: 'card.denied', reason: 'revoked', csn: cards.visitor.credential.claims.csn, credential: cards.visitor.credential.jwt, meeting: MEETING },
    ]);
    expect(counterOf(cards.visitor)).toBe(counter);
    expect(fixture.outbox.hasCheckedIn(MEETING, '3301990002')).toBe(false);
  });

  it('when an expired card is tapped, then refused as expired and reported', async () => {
    const expired = await issueMemoryCard({ member: '3301020009', issuer: cards.issuer, validDays: 1, now: new Date(Date.now() - 3 * DAY) });
    const fixture = await inMeeting();
    expect(await tapOn(fixture, expired.applet)).toMatchObject({ kind: 'refused', reason: 'expired' });
    expect(await events(fixture)).toMatchObject([{ type: 'card.denied', reason: 'expired' }]);
  });

  it('when a card issued tomorrow is tapped (the kiosk clock is behind), then refused as not-yet-valid on screen and reported as expired', async () => {
    const early = await issueMemoryCard({ member: '3301020010', issuer: cards.issuer, now: new Date(Date.now() + 2 * DAY) });
    const fixture = await inMeeting();
    expect(await tapOn(fixture, early.applet)).toMatchObject({ kind: 'refused', reason: 'not-yet-valid' });
    expect(await events(fixture)).toMatchObject([{ type: 'card.denied', reason: 'expired' }]);
  });

  it('when a card from an issuer the kiosk does not trust is tapped, then refused as unknown-issuer', async () => {
    const foreignIssuer = await issueMemoryCard({ member: '4401020001', issuer: await generateIssuerKey('other-province-od') });
    const fixture = await inMeeting();
    expect(await tapOn(fixture, foreignIssuer.applet)).toMatchObject({ kind: 'refused', reason: 'unknown-issuer' });
    expect(await events(fixture)).toMatchObject([{ type: 'card.denied', reason: 'unknown-issuer' }]);
  });

  it('when a blank card (never personalised) is tapped, then refused as not-issued', async () => {
    const fixture = await inMeeting();
    expect(await tapOn(fixture, ReferenceApplet.blank(randomBytes(8)))).toMatchObject({ kind: 'refused', reason: 'not-issued' });
    expect(await events(fixture)).toMatchObject([{ type: 'card.denied', reason: 'not-issued' }]);
  });

  it('when a card without the member-card application (a bus card) is tapped, then refused as not-member-card', async () => {
    const busCard: ApduProcessor = { process: () => encodeResponse(SW.notFound) };
    const fixture = await inMeeting();
    expect(await tapOn(fixture, busCard)).toMatchObject({ kind: 'refused', reason: 'not-member-card' });
    expect(await events(fixture)).toMatchObject([{ type: 'card.denied', reason: 'not-member-card' }]);
  });

  it('when a valid credential is copied onto a card that lacks its key, then refused as bad-signature before any check-in', async () => {
    const forger = await issueMemoryCard({ member: '3301020011', issuer: cards.issuer });
    // The forger's card answers everything itself, but hands out the member's credential and serial.
    const copy: ApduProcessor = {
      process: (apdu) => (apdu[1] === INS.internalAuthenticate ? forger.applet.process(apdu) : cards.member.applet.process(apdu)),
    };
    const fixture = await inMeeting();
    expect(await tapOn(fixture, copy)).toMatchObject({ kind: 'refused', reason: 'bad-signature' });
    expect(fixture.outbox.hasCheckedIn(MEETING, '3301020001')).toBe(false);
    expect(await events(fixture)).toMatchObject([{ type: 'card.denied', reason: 'bad-signature' }]);
  });

  it('when a card has used up its signature counter, then refused as counter-exhausted', async () => {
    const worn = await issueMemoryCard({ member: '3301020012', issuer: cards.issuer });
    const exhausted = ReferenceApplet.load({ ...worn.applet.save(), counter: 0xffffffff });
    const fixture = await inMeeting();
    expect(await tapOn(fixture, exhausted)).toMatchObject({ kind: 'refused', reason: 'counter-exhausted' });
    expect(await events(fixture)).toMatchObject([{ type: 'card.denied', reason: 'counter-exhausted' }]);
  });

  it.each([
    ['in the middle of reading the credential', INS.readBinary, 1],
    ['while the card signs (the signature never arrives)', INS.internalAuthenticate, 1],
    ['right after SELECT', INS.select, 1],
  ])('when the card is lifted %s, then "tap again" and no event; the next tap checks in', async (_when, ins, nth) => {
    const card = await issueMemoryCard({ member: '3301020001', issuer: cards.issuer });
    const fixture = await inMeeting();
    expect(await tapOn(fixture, new LiftingCard(card.applet, ins, nth))).toMatchObject({ kind: 'tap-again' });
    expect(fixture.outbox.queueLength()).toBe(0);
    expect(fixture.outbox.hasCheckedIn(MEETING, '3301020001')).toBe(false);
    expect(await tapOn(fixture, card.applet)).toMatchObject({ kind: 'checked-in' });
  });

  it('when the lift comes through MemoryTransport.lift() between two exchanges, then "tap again" and no event', async () => {
    const card = await issueMemoryCard({ member: '3301020001', issuer: cards.issuer });
    const fixture = await inMeeting();
    // The card goes as soon as its first credential chunk is read: the exchanges after it find no card.
    const transport: MemoryTransport = new MemoryTransport({
      process: (apdu) => {
        const response = card.applet.process(apdu);
        if (apdu[1] === INS.readBinary) transport.lift();
        return response;
      },
    }, 'reader-1');
    expect(await runCardSession(transport, fixture.context, fixture.modes, chinaClock)).toMatchObject({ kind: 'tap-again' });
    expect(fixture.outbox.queueLength()).toBe(0);
    expect(counterOf(card)).toBe(0);
  });

  it('when the kiosk is idle, then a tap is not taken and nothing is read or recorded', async () => {
    const fixture = await sessionFixture(cards);
    let commands = 0;
    const counting: ApduProcessor = { process: (apdu) => (commands++, cards.member.applet.process(apdu)) };
    expect(await tapOn(fixture, counting)).toMatchObject({ kind: 'not-ready', why: 'idle' });
    expect(commands).toBe(0);
    expect(fixture.outbox.queueLength()).toBe(0);
  });

  it('when the kiosk has no configuration yet, then a tap answers not-ready with why no-config', async () => {
    const result = await runCardSession(new MemoryTransport(cards.member.applet), 'no-config', { current: () => ({ kind: 'idle' }), apply: () => undefined }, chinaClock);
    expect(result).toMatchObject({ kind: 'not-ready', why: 'no-config' });
  });

  it('when the outbox cannot record the event, then the answer is failed (never a confirmation) and the error is reported', async () => {
    const fixture = await inMeeting();
    await fixture.outbox.close();
    const reported: unknown[] = [];
    const result = await runCardSession(new MemoryTransport(cards.secretary.applet), fixture.context, fixture.modes, chinaClock, (error) => reported.push(error));
    expect(result).toMatchObject({ kind: 'failed', code: 'ERR_OUTBOX_CLOSED' });
    expect(reported).toHaveLength(1);
  });

  it('when the kiosk clock is in another zone, then `at` carries that zone offset and the evidence is bound to that exact text', async () => {
    const fixture = await inMeeting({ clock: clockWithOffset(-300) });
    const result = await runCardSession(new MemoryTransport(cards.secretary.applet), fixture.context, fixture.modes, fixture.context.clock);
    expect(result.at).toMatch(/-05:00$/);
    const [event] = await events(fixture);
    expect(event?.at).toBe(result.at);
  });
});
