import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CryptoKey } from 'jose';
import { Kiosk } from '../../kiosk/core/kiosk.ts';
import type { KioskNotice } from '../../kiosk/core/kiosk-api.ts';
import { ResilientReaders } from '../../kiosk/core/readers/resilient-readers.node.ts';
import type { TapResult } from '../../kiosk/core/session/tap-result.ts';
import { KIOSK_BRANCH, NEIGHBOUR_BRANCH, seedCounty, startLocalServer, type County, type CountyMember, type LocalServer } from '../../scripts/bench/kiosk-county.ts';
import { ensurePcscd } from '../../scripts/lib/pcscd.ts';
import { VIRTUAL_READERS, VpcdCard, type AfterCommand } from '../../scripts/lib/vpcd-card.ts';
import { INS } from '../../shared/card/constants.ts';
import type { PcscCardTransport } from '../../shared/card/pcsc-transport.node.ts';
import { attendance, kioskPublicKey, loggedEvents, type LoggedEvent } from '../support/kiosk-server-events.ts';

/*
 * Issue 4's end-to-end test on the real stack: pcscd + vpcd + nfc-pcsc (through the kiosk's ResilientReaders),
 * a real server on a loopback port seeded through its HTTP API, and a real Kiosk enrolled with a one-time token,
 * on a temporary data folder. The tests run in order and share the kiosk: each one builds on the outbox the
 * previous ones left. Sync runs only when a test asks (autoSync off), so "before" and "after" are exact.
 */

const [READER_0] = VIRTUAL_READERS;

let serverDir: string;
let kioskDir: string;
let server: LocalServer;
let county: County;
let kiosk: Kiosk;
let kioskKey: CryptoKey;
let readers: ResilientReaders;
const tapped: PcscCardTransport[] = [];
const results: TapResult[] = [];
const kioskErrors: unknown[] = [];

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what()}`);
    await sleep(10);
  }
}

/**
 * Holds the member's card to reader 0 and waits for the kiosk's tap notice (the answer the screen shows), then
 * takes the card away and waits until pcscd has seen it go, so the next tap is a new one.
 */
async function tap(card: CountyMember, afterCommand?: AfterCommand): Promise<TapResult> {
  const seenBefore = tapped.length;
  const resultsBefore = results.length;
  const vpcd = new VpcdCard(card.applet, { reader: 0, ...(afterCommand && { afterCommand }) });
  await vpcd.insert();
  try {
    await until(() => results.length > resultsBefore, 10_000, () => `the kiosk's answer to ${card.member}'s tap`);
  } finally {
    await vpcd.remove();
  }
  expect(tapped.length - seenBefore, 'one tap seen by the reader').toBe(1);
  await tapped.at(-1)!.removed;
  expect(results.length - resultsBefore, 'one answer per tap').toBe(1);
  return results.at(-1)!;
}

const events = (): Promise<LoggedEvent[]> => loggedEvents(server.url, { kid: kiosk.kioskId, key: kioskKey });

beforeAll(async () => {
  serverDir = mkdtempSync(join(tmpdir(), 'mic-e2e-kiosk-server-'));
  kioskDir = mkdtempSync(join(tmpdir(), 'mic-e2e-kiosk-'));
  server = await startLocalServer({ dataDir: serverDir });
  county = await seedCounty(server.api, { serverDataDir: serverDir, members: 3, visitors: 1, revoked: 1 });

  kiosk = await Kiosk.open({ dataDir: kioskDir, autoSync: false, onError: (error) => kioskErrors.push(error) });
  const enrolled = await kiosk.enroll(server.url, county.enrolmentToken, '党群服务中心签到机');
  expect(enrolled).toMatchObject({ enrolled: true, enrolment: { org: KIOSK_BRANCH.code }, config: { available: true } });
  await kiosk.openMeeting({ kind: 'scheduled', meetingId: county.meetingIds[0]! });
  kioskKey = await kioskPublicKey(kioskDir);
  kiosk.subscribe((notice: KioskNotice) => {
    if (notice.type === 'tap') results.push(notice.result);
  });

  await ensurePcscd();
  readers = ResilientReaders.start();
  readers.onCard((transport) => tapped.push(transport));
  kiosk.attachReaders(readers);
  await until(() => readers.status().state === 'connected' && readers.status().readers.includes(READER_0), 10_000, () => `reader ${READER_0}`);
});

afterEach(() => {
  expect(kioskErrors).toEqual([]);
});

afterAll(async () => {
  await kiosk?.close();
  await readers?.close();
  await server?.stop();
  rmSync(kioskDir, { recursive: true, force: true });
  rmSync(serverDir, { recursive: true, force: true });
});

describe('a tap on the kiosk reaches the server', () => {
  it('when a member taps their card, then the kiosk checks them in by name and branch, and after sync the server accepts the event and lists the attendance', async () => {
    const member = county.members[0]!;
    const meeting = county.meetingIds[0]!;

    const result = await tap(member);
    expect(result).toMatchObject({
      kind: 'checked-in',
      reader: READER_0,
      meeting,
      person: { member: member.member, name: member.name, org: KIOSK_BRANCH.code, orgName: KIOSK_BRANCH.name },
    });
    const seq = (result as Extract<TapResult, { kind: 'checked-in' }>).seq;
    expect(kiosk.status().queueLength).toBe(1);
    expect(await events()).toEqual([]);

    expect(await kiosk.syncNow()).toMatchObject({ online: true, queueLength: 0, rejectedEvents: 0 });
    const logged = await events();
    expect(logged.map((event) => event.payload)).toEqual([
      expect.objectContaining({ type: 'checkin', seq, meeting, member: member.member, kiosk: kiosk.kioskId, org: KIOSK_BRANCH.code }),
    ]);
    expect(await attendance(server.api, meeting)).toEqual([
      expect.objectContaining({ member: member.member, name: member.name, homeOrg: KIOSK_BRANCH.code, eventId: logged[0]!.payload.id, card: member.csn, kiosk: kiosk.kioskId }),
    ]);
  });

  it('when the same member taps again, then the kiosk says already checked in and the server gets no new event and no second attendance', async () => {
    const member = county.members[0]!;
    const meeting = county.meetingIds[0]!;
    const loggedBefore = await events();

    expect(await tap(member)).toMatchObject({ kind: 'already', meeting, person: { member: member.member, name: member.name } });
    expect(kiosk.status().queueLength).toBe(0);
    await kiosk.syncNow();
    expect(await events()).toEqual(loggedBefore);
    expect((await attendance(server.api, meeting)).filter((entry) => entry.member === member.member)).toHaveLength(1);
  });

  it('when a revoked card is tapped, then the kiosk refuses it and the server receives card.denied and records no attendance', async () => {
    const lost = county.revoked[0]!;
    const meeting = county.meetingIds[0]!;

    const result = await tap(lost);
    expect(result).toMatchObject({ kind: 'refused', reason: 'revoked', seq: expect.any(Number) });
    expect(await kiosk.syncNow()).toMatchObject({ queueLength: 0, rejectedEvents: 0 });
    expect((await events()).at(-1)!.payload).toMatchObject({
      type: 'card.denied', seq: (result as Extract<TapResult, { kind: 'refused' }>).seq, reason: 'revoked', csn: lost.csn, meeting,
    });
    expect((await attendance(server.api, meeting)).map((entry) => entry.member)).not.toContain(lost.member);
  });

  it('when the card is lifted during INTERNAL AUTHENTICATE, then the kiosk says tap again and records nothing, and the next tap checks the member in with the next seq', async () => {
    const visitor = county.members.find((member) => member.org === NEIGHBOUR_BRANCH.code)!;
    const meeting = county.meetingIds[0]!;
    const loggedBefore = await events();
    const liftOnAuthenticate: AfterCommand = (command) => (command[1] === INS.internalAuthenticate ? 'lift' : undefined);

    expect(await tap(visitor, liftOnAuthenticate)).toMatchObject({ kind: 'tap-again', reader: READER_0 });
    expect(kiosk.status().queueLength).toBe(0);
    await kiosk.syncNow();
    expect(await events()).toEqual(loggedBefore);
    expect((await attendance(server.api, meeting)).map((entry) => entry.member)).not.toContain(visitor.member);

    const again = await tap(visitor);
    expect(again).toMatchObject({ kind: 'checked-in', seq: loggedBefore.at(-1)!.payload.seq + 1, person: { member: visitor.member, orgName: NEIGHBOUR_BRANCH.name } });
    await kiosk.syncNow();
    expect((await attendance(server.api, meeting)).filter((entry) => entry.member === visitor.member)).toEqual([
      expect.objectContaining({ homeOrg: NEIGHBOUR_BRANCH.code, hostOrg: KIOSK_BRANCH.code, crossOrg: true }),
    ]);
  });
});
