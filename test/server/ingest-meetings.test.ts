import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { AttendanceListSchema, MeetingSchema } from '../../server/schemas/meetings.ts';
import type { IssuerKeyFile } from '../../shared/issuance/issuer-key.ts';
import { createTree, registeredIssuer } from './support/fixtures.ts';
import { expectOk } from './support/http.ts';
import { ingest, KioskSigner, memberWithCard, openDatabase, scheduleMeeting, storedEvents } from './support/ingest-world.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

describe('event ingest: the domain effect of accepted events', () => {
  let t: TestServer;
  let issuer: IssuerKeyFile;
  const kiosk = async (org = 'A1'): Promise<KioskSigner> => new KioskSigner(await t.enrollKiosk(org));
  const codes = (receipts: { status: string; code?: string }[]) => receipts.map((r) => r.code ?? r.status);
  const attendance = async (meeting: string) =>
    expectOk(await t.call('GET', `/api/v1/meetings/${meeting}/attendance`, { token: await t.adminToken() }), 200, AttendanceListSchema).attendance;
  const meetingView = async (id: string) => expectOk(await t.call('GET', `/api/v1/meetings/${id}`, { token: await t.adminToken() }), 200, MeetingSchema);

  beforeAll(async () => {
    t = await startTestServer();
    await createTree(t);
    issuer = await registeredIssuer(t);
  });
  afterAll(() => t.close());

  it('when members check in at a scheduled meeting, then each has one attendance row with home organisation and cross-organisation flag', async () => {
    const meeting = await scheduleMeeting(t, 'A1');
    const [local, visitor] = [await memberWithCard(t, issuer, 'A1'), await memberWithCard(t, issuer, 'B1')];
    const k = await kiosk();
    const events = [await k.checkin(local, meeting), await k.checkin(visitor, meeting), await k.checkin(local, meeting)];
    // The second tap of the same member is an accepted event, but no second row.
    expect(codes(await ingest(t, k.kiosk, events))).toEqual(['accepted', 'accepted', 'accepted']);
    const rows = await attendance(meeting);
    const stored = storedEvents(t.dataDir, k.kid);
    expect(rows.map((row) => [row.member, row.homeOrg, row.hostOrg, row.crossOrg, row.attendedAs, row.card, row.kiosk, row.eventId])).toEqual([
      [local.member.memberNumber, 'A1', 'A1', false, 'home', local.csn, k.kid, stored[0]?.event_id],
      [visitor.member.memberNumber, 'B1', 'A1', true, 'visitor', visitor.csn, k.kid, stored[1]?.event_id],
    ]);
  });

  it('when a check-in names a meeting the server does not know, then it is rejected ERR_MEETING_UNKNOWN', async () => {
    const card = await memberWithCard(t, issuer, 'A1');
    const k = await kiosk();
    expect(codes(await ingest(t, k.kiosk, [await k.checkin(card, uuidv7())]))).toEqual(['ERR_MEETING_UNKNOWN']);
  });

  it('when a kiosk opens a meeting, checks members in and closes it, then the ad-hoc meeting holds the attendance and ends at the close', async () => {
    const card = await memberWithCard(t, issuer, 'A2');
    const k = await kiosk('A2');
    const meeting = uuidv7();
    const openedAt = new Date(Date.now() - 60_000).toISOString();
    const closedAt = new Date().toISOString();
    const events = [
      await k.sign({ type: 'meeting.open', meeting, kind: 'group', title: '第三党小组会' }, { at: openedAt }),
      await k.checkin(card, meeting),
      await k.sign({ type: 'meeting.close', meeting }, { at: closedAt }),
    ];
    // Checked in before the server had seen the open: the open comes first in the chain, so it exists by then.
    expect(codes(await ingest(t, k.kiosk, events))).toEqual(['accepted', 'accepted', 'accepted']);
    expect(await meetingView(meeting)).toMatchObject({ org: 'A2', kind: 'group', title: '第三党小组会', origin: 'ad_hoc', status: 'closed', startsAt: openedAt, endsAt: closedAt });
    expect((await attendance(meeting)).map((row) => [row.member, row.hostOrg, row.attendedAs])).toEqual([[card.member.memberNumber, 'A2', 'home']]);
    // The first close stands: a second one is accepted and moves neither the close nor the end.
    expect(codes(await ingest(t, k.kiosk, [await k.sign({ type: 'meeting.close', meeting })]))).toEqual(['accepted']);
    expect(await meetingView(meeting)).toMatchObject({ status: 'closed', endsAt: closedAt, closedAt });
  });

  it('when a kiosk sends its ad-hoc meeting’s open again, then it is accepted and the meeting keeps its first start and title', async () => {
    const k = await kiosk('A2');
    const meeting = uuidv7();
    const openedAt = new Date(Date.now() - 60_000).toISOString();
    const events = [
      await k.sign({ type: 'meeting.open', meeting, kind: 'group', title: '第五党小组会' }, { at: openedAt }),
      await k.sign({ type: 'meeting.open', meeting, kind: 'group', title: '另一个标题' }),
    ];
    expect(codes(await ingest(t, k.kiosk, events))).toEqual(['accepted', 'accepted']);
    expect(await meetingView(meeting)).toMatchObject({ origin: 'ad_hoc', status: 'open', startsAt: openedAt, title: '第五党小组会', endsAt: null });
  });

  it('when a kiosk closes its ad-hoc meeting at or before the time it opened it, then the close is refused ERR_MEETING_NOT_OPEN and the meeting stays open', async () => {
    const k = await kiosk('A2');
    const meeting = uuidv7();
    const openedAt = new Date(Date.now() - 60_000).toISOString();
    const events = [
      await k.sign({ type: 'meeting.open', meeting, kind: 'group', title: '第四党小组会' }, { at: openedAt }),
      await k.sign({ type: 'meeting.close', meeting }, { at: openedAt }),
      await k.sign({ type: 'meeting.close', meeting }, { at: new Date(Date.parse(openedAt) - 1000).toISOString() }),
    ];
    expect(codes(await ingest(t, k.kiosk, events))).toEqual(['accepted', 'ERR_MEETING_NOT_OPEN', 'ERR_MEETING_NOT_OPEN']);
    expect(await meetingView(meeting)).toMatchObject({ status: 'open', closedAt: null });
  });

  it('when a kiosk opens a meeting of a kind that is not configured, reuses another meeting’s id, or closes another organisation’s meeting, then it is refused', async () => {
    const k = await kiosk();
    const scheduled = await scheduleMeeting(t, 'A1');
    const elsewhere = await scheduleMeeting(t, 'B1');
    const events = [
      await k.sign({ type: 'meeting.open', meeting: uuidv7(), kind: 'party', title: '聚会' }),
      await k.sign({ type: 'meeting.open', meeting: scheduled, kind: 'group', title: '抢占' }),
      await k.sign({ type: 'meeting.close', meeting: uuidv7() }),
      await k.sign({ type: 'meeting.close', meeting: elsewhere }),
    ];
    expect(codes(await ingest(t, k.kiosk, events))).toEqual(['ERR_MEETING_KIND_UNKNOWN', 'ERR_MEETING_CONFLICT', 'ERR_MEETING_UNKNOWN', 'ERR_MEETING_CONFLICT']);
    expect((await meetingView(scheduled)).status).toBe('scheduled');
    expect((await meetingView(elsewhere)).status).toBe('scheduled');
  });

  it('when a kiosk checks a member in at another organisation’s meeting, then it is refused ERR_MEETING_CONFLICT and nobody is recorded there', async () => {
    // The kiosk signs its own organisation into the event: counted at the other one, the history would contradict its evidence.
    const card = await memberWithCard(t, issuer, 'A1');
    const elsewhere = await scheduleMeeting(t, 'B1');
    const k = await kiosk('A1');
    expect(codes(await ingest(t, k.kiosk, [await k.checkin(card, elsewhere)]))).toEqual(['ERR_MEETING_CONFLICT']);
    expect(await attendance(elsewhere)).toEqual([]);
  });

  it('when a kiosk reports a denied card, then the report is accepted, logged and counted for its kiosk', async () => {
    const k = await kiosk();
    const events = [
      await k.sign({ type: 'card.denied', reason: 'revoked', csn: '00112233445566aa' }),
      await k.sign({ type: 'card.denied', reason: 'unknown-issuer' }),
    ];
    const receipts = await ingest(t, k.kiosk, events);
    expect(receipts.map((r) => [r.status, typeof r.logIndex])).toEqual([
      ['accepted', 'number'],
      ['accepted', 'number'],
    ]);
    const db = openDatabase(t.dataDir);
    try {
      expect(db.prepare(`SELECT count(*) FROM events WHERE kiosk_kid = ? AND type = 'card.denied' AND status = 'accepted'`).pluck().get(k.kid)).toBe(2);
    } finally {
      db.close();
    }
  });

  it('keeps every refused event with its reason, its raw JWS, seq, kiosk and receipt time', async () => {
    const k = await kiosk();
    const card = await memberWithCard(t, issuer, 'A1');
    const events = [await k.checkin(card, uuidv7()), await k.sign({ type: 'meeting.close', meeting: uuidv7() })];
    const before = t.clock.now().toISOString();
    await ingest(t, k.kiosk, events);
    expect(storedEvents(t.dataDir, k.kid).map((row) => [row.kiosk_kid, row.seq, row.type, row.status, row.code, row.jws, row.received_at >= before])).toEqual([
      [k.kid, 1, 'checkin', 'rejected', 'ERR_MEETING_UNKNOWN', events[0], true],
      [k.kid, 2, 'meeting.close', 'rejected', 'ERR_MEETING_UNKNOWN', events[1], true],
    ]);
  });
});
