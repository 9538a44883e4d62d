import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TapResult } from '../../kiosk/core/session/tap-result.ts';
import { KIOSK_BRANCH, NEIGHBOUR_BRANCH, type CountyMember } from '../../scripts/bench/kiosk-county.ts';
import type { AfterCommand } from '../../scripts/lib/vpcd-card.ts';
import { INS } from '../../shared/card/constants.ts';
import { attendance } from '../support/kiosk-server-events.ts';
import { openKioskWorld, TAP_READER, type KioskWorld } from './support/kiosk-world.ts';

/*
 * Issue 4's end-to-end test on the real stack: pcscd + vpcd + nfc-pcsc (through the kiosk's ResilientReaders),
 * a real server on a loopback port seeded through its HTTP API, and a real Kiosk enrolled with a one-time token,
 * on a temporary data folder. The tests run in order and share the kiosk: each one builds on the outbox the
 * previous ones left. Sync runs only when a test asks (autoSync off), so "before" and "after" are exact.
 */

let world: KioskWorld;

/** A tap on reader 0 (KioskWorld.tap), which the reader sees once and the kiosk answers once. */
async function tap(card: CountyMember, afterCommand?: AfterCommand): Promise<TapResult> {
  const seenBefore = world.tapped.length;
  const answersBefore = world.answers.length;
  const result = await world.tap(card, afterCommand);
  expect(world.tapped.length - seenBefore, 'one tap seen by the reader').toBe(1);
  expect(world.answers.length - answersBefore, 'one answer per tap').toBe(1);
  return result;
}

beforeAll(async () => {
  world = await openKioskWorld({ county: { members: 3, visitors: 1, revoked: 1 }, kiosk: { autoSync: false } });
  expect(world.enrolled).toMatchObject({ enrolled: true, enrolment: { org: KIOSK_BRANCH.code }, config: { available: true } });
});

afterEach(() => {
  expect(world.kioskErrors).toEqual([]);
});

afterAll(() => world?.close());

describe('a tap on the kiosk reaches the server', () => {
  it('when a member taps their card, then the kiosk checks them in by name and branch, and after sync the server accepts the event and lists the attendance', async () => {
    const member = world.county.members[0]!;
    const meeting = world.county.meetingIds[0]!;

    const result = await tap(member);
    expect(result).toMatchObject({
      kind: 'checked-in',
      reader: TAP_READER,
      meeting,
      person: { member: member.member, name: member.name, org: KIOSK_BRANCH.code, orgName: KIOSK_BRANCH.name },
    });
    const seq = (result as Extract<TapResult, { kind: 'checked-in' }>).seq;
    expect(world.kiosk.status().queueLength).toBe(1);
    expect(await world.events()).toEqual([]);

    expect(await world.kiosk.syncNow()).toMatchObject({ online: true, queueLength: 0, rejectedEvents: 0 });
    const logged = await world.events();
    expect(logged.map((event) => event.payload)).toEqual([
      expect.objectContaining({ type: 'checkin', seq, meeting, member: member.member, kiosk: world.kiosk.kioskId, org: KIOSK_BRANCH.code }),
    ]);
    expect(await attendance(world.server.api, meeting)).toEqual([
      expect.objectContaining({ member: member.member, name: member.name, homeOrg: KIOSK_BRANCH.code, eventId: logged[0]!.payload.id, card: member.csn, kiosk: world.kiosk.kioskId }),
    ]);
  });

  it('when the same member taps again, then the kiosk says already checked in and the server gets no new event and no second attendance', async () => {
    const member = world.county.members[0]!;
    const meeting = world.county.meetingIds[0]!;
    const loggedBefore = await world.events();

    expect(await tap(member)).toMatchObject({ kind: 'already', meeting, person: { member: member.member, name: member.name } });
    expect(world.kiosk.status().queueLength).toBe(0);
    await world.kiosk.syncNow();
    expect(await world.events()).toEqual(loggedBefore);
    expect((await attendance(world.server.api, meeting)).filter((entry) => entry.member === member.member)).toHaveLength(1);
  });

  it('when a revoked card is tapped, then the kiosk refuses it and the server receives card.denied and records no attendance', async () => {
    const lost = world.county.revoked[0]!;
    const meeting = world.county.meetingIds[0]!;

    const result = await tap(lost);
    expect(result).toMatchObject({ kind: 'refused', reason: 'revoked', seq: expect.any(Number) });
    expect(await world.kiosk.syncNow()).toMatchObject({ queueLength: 0, rejectedEvents: 0 });
    expect((await world.events()).at(-1)!.payload).toMatchObject({
      type: 'card.denied', seq: (result as Extract<TapResult, { kind: 'refused' }>).seq, reason: 'revoked', csn: lost.csn, meeting,
    });
    expect((await attendance(world.server.api, meeting)).map((entry) => entry.member)).not.toContain(lost.member);
  });

  it('when the card is lifted during INTERNAL AUTHENTICATE, then the kiosk says tap again and records nothing, and the next tap checks the member in with the next seq', async () => {
    const visitor = world.county.members.find((member) => member.org === NEIGHBOUR_BRANCH.code)!;
    const meeting = world.county.meetingIds[0]!;
    const loggedBefore = await world.events();
    const liftOnAuthenticate: AfterCommand = (command) => (command[1] === INS.internalAuthenticate ? 'lift' : undefined);

    expect(await tap(visitor, liftOnAuthenticate)).toMatchObject({ kind: 'tap-again', reader: TAP_READER });
    expect(world.kiosk.status().queueLength).toBe(0);
    await world.kiosk.syncNow();
    expect(await world.events()).toEqual(loggedBefore);
    expect((await attendance(world.server.api, meeting)).map((entry) => entry.member)).not.toContain(visitor.member);

    const again = await tap(visitor);
    expect(again).toMatchObject({ kind: 'checked-in', seq: loggedBefore.at(-1)!.payload.seq + 1, person: { member: visitor.member, orgName: NEIGHBOUR_BRANCH.name } });
    await world.kiosk.syncNow();
    expect((await attendance(world.server.api, meeting)).filter((entry) => entry.member === visitor.member)).toEqual([
      expect.objectContaining({ homeOrg: NEIGHBOUR_BRANCH.code, hostOrg: KIOSK_BRANCH.code, crossOrg: true }),
    ]);
  });
});
