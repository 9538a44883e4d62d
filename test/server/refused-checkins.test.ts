import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { dataFiles } from '../../server/bootstrap.ts';
import { MeetingListSchema, MeetingSchema, RefusedCheckinListSchema } from '../../server/schemas/meetings.ts';
import type { IssuerKeyFile } from '../../shared/issuance/issuer-key.ts';
import { createMember, createTree, registeredIssuer, userToken } from './support/fixtures.ts';
import { errorCode, expectOk } from './support/http.ts';
import { ingest, issueCard, KioskSigner, memberWithCard, registerCard, scheduleMeeting, storedEvents } from './support/ingest-world.ts';
import { runMigration } from './support/run-migration.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

/*
 * A kiosk checks a card offline and shows green; the server judges the check-in only when the kiosk's outbox
 * sends it. A check-in it refuses leaves the member uncounted: the meeting must say so, with why and what to do.
 */

describe('refused check-ins: a tap the kiosk showed green but the server refused is listed at its meeting', () => {
  let t: TestServer;
  let issuer: IssuerKeyFile;
  const codes = (receipts: { status: string; code?: string }[]) => receipts.map((r) => r.code ?? r.status);
  const refusedAt = async (meeting: string, token?: string) =>
    expectOk(await t.call('GET', `/api/v1/meetings/${meeting}/refused-checkins`, { token: token ?? (await t.adminToken()) }), 200, RefusedCheckinListSchema).refused;
  const meetingView = async (meeting: string) => expectOk(await t.call('GET', `/api/v1/meetings/${meeting}`, { token: await t.adminToken() }), 200, MeetingSchema);

  beforeAll(async () => {
    t = await startTestServer();
    await createTree(t);
    issuer = await registeredIssuer(t);
  });
  afterAll(() => t.close());

  it('when a card the server does not know checks in, then the meeting lists the refusal with member, name, card, kiosk, time and reason, and counts it', async () => {
    const meeting = await scheduleMeeting(t, 'A1');
    const counted = await memberWithCard(t, issuer, 'A1');
    // Issued at the desk but never registered on the server: the kiosk greets it, the server cannot count it.
    const unregistered = await issueCard(issuer, await createMember(t, 'A1', { name: '张未登' }));
    // Not a member of this server at all: only the card knows the name.
    const stranger = await issueCard(issuer, { ...(await createMember(t, 'B1')), memberNumber: 'X-NOT-HERE-1', name: '外来人' });
    const k = new KioskSigner(await t.enrollKiosk('A1', '村委会签到机'));
    const tappedAt = new Date(t.clock.now().getTime() - 120_000);
    // The kiosk signs in its own zone; the list gives every time in UTC, in tap order.
    const inShanghai = new Date(tappedAt.getTime() + 8 * 3600_000).toISOString().replace('Z', '+08:00');
    const events = [
      await k.checkin(counted, meeting),
      await k.checkin(unregistered, meeting, { at: inShanghai }),
      await k.checkin(stranger, meeting, { at: new Date(tappedAt.getTime() + 1000).toISOString() }),
    ];
    expect(codes(await ingest(t, k.kiosk, events))).toEqual(['accepted', 'ERR_CARD_UNKNOWN', 'ERR_CARD_UNKNOWN']);
    const stored = storedEvents(t.dataDir, k.kid);

    expect(await refusedAt(meeting)).toEqual([
      {
        member: unregistered.member.memberNumber,
        name: '张未登',
        nameOnCard: '张未登',
        card: unregistered.csn,
        counted: false,
        at: tappedAt.toISOString(),
        receivedAt: expect.any(String),
        kiosk: k.kid,
        kioskName: '村委会签到机',
        code: 'ERR_CARD_UNKNOWN',
        reason: 'card-unregistered',
        eventId: stored[1]!.event_id,
      },
      expect.objectContaining({ member: 'X-NOT-HERE-1', name: null, nameOnCard: '外来人', card: stranger.csn, counted: false, reason: 'card-unregistered', eventId: stored[2]!.event_id }),
    ]);
    expect(await meetingView(meeting)).toMatchObject({ checkedIn: 1, refused: 2 });
    const list = expectOk(await t.call('GET', '/api/v1/meetings?org=A1', { token: await t.adminToken() }), 200, MeetingListSchema).meetings;
    expect(list.find((row) => row.id === meeting)).toMatchObject({ checkedIn: 1, refused: 2 });
  });

  it('when a card revoked after the kiosk last synced checks in, then the refusal says the card was revoked', async () => {
    const meeting = await scheduleMeeting(t, 'A1');
    const card = await memberWithCard(t, issuer, 'A1');
    await t.call('POST', `/api/v1/cards/${card.csn}/revoke`, { token: await t.adminToken(), json: { reason: 'lost' } });
    const k = new KioskSigner(await t.enrollKiosk('A1'));
    expect(codes(await ingest(t, k.kiosk, [await k.checkin(card, meeting, { at: new Date(t.clock.now().getTime() + 1000).toISOString() })]))).toEqual(['ERR_CARD_REVOKED']);
    expect((await refusedAt(meeting)).map((row) => [row.member, row.code, row.reason, row.counted])).toEqual([[card.member.memberNumber, 'ERR_CARD_REVOKED', 'card-revoked', false]]);
    expect(await meetingView(meeting)).toMatchObject({ checkedIn: 0, refused: 1 });
  });

  it('when a refused member is counted by a later tap, then the refusal stays listed as counted and the meeting no longer counts it as refused', async () => {
    const meeting = await scheduleMeeting(t, 'A1');
    const card = await issueCard(issuer, await createMember(t, 'A1'));
    const k = new KioskSigner(await t.enrollKiosk('A1'));
    // Refused twice, then registered and tapped again: one member, counted in the end.
    expect(codes(await ingest(t, k.kiosk, [await k.checkin(card, meeting), await k.checkin(card, meeting)]))).toEqual(['ERR_CARD_UNKNOWN', 'ERR_CARD_UNKNOWN']);
    expect(await meetingView(meeting)).toMatchObject({ checkedIn: 0, refused: 1 });
    await registerCard(t, card);
    expect(codes(await ingest(t, k.kiosk, [await k.checkin(card, meeting)]))).toEqual(['accepted']);
    expect((await refusedAt(meeting)).map((row) => row.counted)).toEqual([true, true]);
    expect(await meetingView(meeting)).toMatchObject({ checkedIn: 1, refused: 0 });
  });

  it('when a second kiosk signs with a copied key, then its check-ins are listed as refused for a kiosk problem; other refused events are not', async () => {
    const meeting = await scheduleMeeting(t, 'A1');
    const card = await memberWithCard(t, issuer, 'A1');
    const k = new KioskSigner(await t.enrollKiosk('A1'));
    // A scheduled meeting's id is not the kiosk's to open again: refused, but it is no check-in.
    expect(codes(await ingest(t, k.kiosk, [await k.sign({ type: 'meeting.open', meeting, kind: 'group', title: '抢占' })]))).toEqual(['ERR_MEETING_CONFLICT']);
    // A copy of the kiosk (restored from a backup) signs its own first event again, with other bytes.
    const copy = new KioskSigner(k.kiosk);
    expect(codes(await ingest(t, k.kiosk, [await copy.checkin(card, meeting)]))).toEqual(['ERR_EVENT_FORK']);
    expect((await refusedAt(meeting)).map((row) => [row.member, row.code, row.reason])).toEqual([[card.member.memberNumber, 'ERR_EVENT_FORK', 'kiosk-problem']]);
  });

  it('when another organisation’s kiosk names the meeting, then its refused check-in is not listed there', async () => {
    const meeting = await scheduleMeeting(t, 'A1');
    const stranger = new KioskSigner(await t.enrollKiosk('B1'));
    const unregistered = await issueCard(issuer, await createMember(t, 'B1'));
    const card = await memberWithCard(t, issuer, 'B1');
    expect(codes(await ingest(t, stranger.kiosk, [await stranger.checkin(card, meeting), await stranger.checkin(unregistered, meeting)]))).toEqual([
      'ERR_MEETING_CONFLICT',
      'ERR_CARD_UNKNOWN',
    ]);
    expect(await refusedAt(meeting)).toEqual([]);
    expect((await meetingView(meeting)).refused).toBe(0);
  });

  it('when someone outside the meeting’s organisation asks, then they are refused; a secretary of the branch sees the list', async () => {
    const meeting = await scheduleMeeting(t, 'A1');
    const outsider = await userToken(t, 'secretary', 'B1');
    expect(errorCode(await t.call('GET', `/api/v1/meetings/${meeting}/refused-checkins`, { token: outsider }))).toBe('ERR_OUT_OF_SCOPE');
    expect(await refusedAt(meeting, await userToken(t, 'secretary', 'A1'))).toEqual([]);
    expect(errorCode(await t.call('GET', `/api/v1/meetings/${uuidv7()}/refused-checkins`, { token: await t.adminToken() }))).toBe('ERR_MEETING_NOT_FOUND');
  });
});

describe('refused check-ins stored before the server kept them by meeting', () => {
  it('when the server is upgraded, then the check-ins it had refused are read from their events and listed at their meetings', async () => {
    const t = await startTestServer();
    try {
      await createTree(t);
      const issuer = await registeredIssuer(t);
      const meeting = await scheduleMeeting(t, 'A1');
      const elsewhere = await scheduleMeeting(t, 'A1');
      const cards = [await issueCard(issuer, await createMember(t, 'A1', { name: '李旧拒' })), await issueCard(issuer, await createMember(t, 'A1'))];
      const k = new KioskSigner(await t.enrollKiosk('A1'));
      await ingest(t, k.kiosk, [await k.checkin(cards[0]!, meeting), await k.checkin(cards[1]!, elsewhere), await k.checkin(cards[0]!, meeting)]);
      // Another organisation's kiosk naming the meeting: refused, and listed neither before nor after the upgrade.
      const stranger = new KioskSigner(await t.enrollKiosk('B1'));
      await ingest(t, stranger.kiosk, [await stranger.checkin(await issueCard(issuer, await createMember(t, 'B1')), meeting)]);
      const before = { meeting: await fetchRefused(t, meeting), elsewhere: await fetchRefused(t, elsewhere) };
      expect(before.meeting).toHaveLength(2);
      await t.close({ keepData: true });

      // The database as the release before it left it: the same events, no table naming their meetings. Then the
      // upgrade's migration, alone: the ones after it touch other tables and would fail on what they made.
      const db = new Database(dataFiles(t.dataDir).database);
      db.exec('DROP TABLE refused_checkins');
      runMigration(db, 'refused-checkins');
      db.close();

      const again = await startTestServer({ dataDir: t.dataDir });
      try {
        expect(await fetchRefused(again, meeting)).toEqual(before.meeting);
        expect(await fetchRefused(again, elsewhere)).toEqual(before.elsewhere);
        expect(before.meeting.map((row) => row.name)).toEqual(['李旧拒', '李旧拒']);
      } finally {
        await again.close();
      }
    } finally {
      await t.close();
    }
  });
});

async function fetchRefused(t: TestServer, meeting: string) {
  return expectOk(await t.call('GET', `/api/v1/meetings/${meeting}/refused-checkins`, { token: await t.adminToken() }), 200, RefusedCheckinListSchema).refused;
}
