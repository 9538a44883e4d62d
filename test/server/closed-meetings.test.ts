import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { dataFiles } from '../../server/bootstrap.ts';
import { KioskConfigSchema } from '../../server/schemas/kiosks.ts';
import { AttendanceListSchema, MeetingSchema, RefusedCheckinListSchema } from '../../server/schemas/meetings.ts';
import type { IssuerKeyFile } from '../../shared/issuance/issuer-key.ts';
import { createTree, registeredIssuer } from './support/fixtures.ts';
import { expectOk } from './support/http.ts';
import { ingest, KioskSigner, memberWithCard, scheduleMeeting, type TestCard } from './support/ingest-world.ts';
import { runMigration } from './support/run-migration.ts';
import { startTestServer, type EnrolledKiosk, type TestServer } from './support/test-server.ts';

/*
 * A secretary closes a meeting at a kiosk: "after closing, nobody can check in to it any more". The close is a signed
 * meeting.close, scheduled meeting or ad-hoc; from its time on, check-ins are refused whichever kiosk tapped them. Kiosks
 * work offline and deliver late, so the tap's own time decides: a tap from before the close counts when it comes.
 */

const MINUTE = 60_000;
const codes = (receipts: { status: string; code?: string }[]) => receipts.map((r) => r.code ?? r.status);

async function meetingView(t: TestServer, id: string) {
  return expectOk(await t.call('GET', `/api/v1/meetings/${id}`, { token: await t.adminToken() }), 200, MeetingSchema);
}
async function attendees(t: TestServer, meeting: string): Promise<string[]> {
  const list = expectOk(await t.call('GET', `/api/v1/meetings/${meeting}/attendance`, { token: await t.adminToken() }), 200, AttendanceListSchema);
  return list.attendance.map((row) => row.member);
}
async function refusedAt(t: TestServer, meeting: string) {
  return expectOk(await t.call('GET', `/api/v1/meetings/${meeting}/refused-checkins`, { token: await t.adminToken() }), 200, RefusedCheckinListSchema).refused;
}
async function offered(t: TestServer, kiosk: EnrolledKiosk): Promise<string[]> {
  const config = expectOk(await t.call('GET', '/api/v1/kiosk/config', { token: await t.kioskToken(kiosk) }), 200, KioskConfigSchema);
  return config.meetings.map((meeting) => meeting.id);
}

describe('a meeting closed at a kiosk takes no more check-ins', () => {
  let t: TestServer;
  let issuer: IssuerKeyFile;
  const at = (offsetMs: number): string => new Date(t.clock.now().getTime() + offsetMs).toISOString();

  beforeAll(async () => {
    t = await startTestServer();
    await createTree(t);
    issuer = await registeredIssuer(t);
  });
  afterAll(() => t.close());

  it('when a kiosk closes a scheduled meeting, then it is closed at that time with its planned times kept, and no kiosk is offered it any more', async () => {
    const startsAt = new Date(t.clock.now().getTime() - 30 * MINUTE);
    const meeting = await scheduleMeeting(t, 'A1', startsAt);
    const planned = await meetingView(t, meeting);
    const door = new KioskSigner(await t.enrollKiosk('A1', '东门签到机'));
    const other = await t.enrollKiosk('A1', '西门签到机');
    expect(await offered(t, other)).toContain(meeting);

    const closedAt = at(0);
    expect(codes(await ingest(t, door.kiosk, [await door.sign({ type: 'meeting.close', meeting }, { at: closedAt })]))).toEqual(['accepted']);
    expect(await meetingView(t, meeting)).toMatchObject({ status: 'closed', closedAt, startsAt: planned.startsAt, endsAt: planned.endsAt, origin: 'scheduled' });
    expect(await offered(t, other)).not.toContain(meeting);
    expect(await offered(t, door.kiosk)).not.toContain(meeting);
    // The first close stands: the other door's secretary closing it a minute later is accepted and changes nothing.
    const late = new KioskSigner(other);
    expect(codes(await ingest(t, other, [await late.sign({ type: 'meeting.close', meeting }, { at: at(MINUTE) })]))).toEqual(['accepted']);
    expect(await meetingView(t, meeting)).toMatchObject({ status: 'closed', closedAt, startsAt: planned.startsAt, endsAt: planned.endsAt });
  });

  it('when a secretary who opened a scheduled meeting early closes it before its planned start, then it closes all the same', async () => {
    const meeting = await scheduleMeeting(t, 'A1', new Date(t.clock.now().getTime() + 60 * MINUTE));
    const planned = await meetingView(t, meeting);
    const k = new KioskSigner(await t.enrollKiosk('A1'));
    const closedAt = at(0);
    expect(codes(await ingest(t, k.kiosk, [await k.sign({ type: 'meeting.close', meeting }, { at: closedAt })]))).toEqual(['accepted']);
    expect(await meetingView(t, meeting)).toMatchObject({ status: 'closed', closedAt, startsAt: planned.startsAt, endsAt: planned.endsAt });
  });

  it('when check-ins from another kiosk arrive after the close, then the one tapped before it counts and those tapped at or after it are refused ERR_MEETING_CLOSED and listed', async () => {
    const meeting = await scheduleMeeting(t, 'A1');
    const [early, onTheDot, late] = [await memberWithCard(t, issuer, 'A1'), await memberWithCard(t, issuer, 'A1'), await memberWithCard(t, issuer, 'B1')];
    const closer = new KioskSigner(await t.enrollKiosk('A1'));
    const offline = new KioskSigner(await t.enrollKiosk('A1', '会议室签到机'));
    // Within minutes of now: a card does not prove presence from long before it was issued.
    const closedAt = new Date(t.clock.now().getTime() - 2 * MINUTE);
    // Signed while the offline kiosk could not reach the server, so they arrive after the close.
    const taps = [
      await offline.checkin(early, meeting, { at: new Date(closedAt.getTime() - 1).toISOString() }),
      await offline.checkin(onTheDot, meeting, { at: closedAt.toISOString() }),
      await offline.checkin(late, meeting, { at: new Date(closedAt.getTime() + 22_000).toISOString() }),
    ];
    expect(codes(await ingest(t, closer.kiosk, [await closer.sign({ type: 'meeting.close', meeting }, { at: closedAt.toISOString() })]))).toEqual(['accepted']);

    expect(codes(await ingest(t, offline.kiosk, taps))).toEqual(['accepted', 'ERR_MEETING_CLOSED', 'ERR_MEETING_CLOSED']);
    expect(await attendees(t, meeting)).toEqual([early.member.memberNumber]);
    expect((await refusedAt(t, meeting)).map((row) => [row.member, row.code, row.reason, row.kioskName, row.counted])).toEqual([
      [onTheDot.member.memberNumber, 'ERR_MEETING_CLOSED', 'meeting-closed', '会议室签到机', false],
      [late.member.memberNumber, 'ERR_MEETING_CLOSED', 'meeting-closed', '会议室签到机', false],
    ]);
    expect(await meetingView(t, meeting)).toMatchObject({ checkedIn: 1, refused: 2 });
  });

  it('when a kiosk closes its own ad-hoc meeting and a member taps there afterwards, then that check-in is refused and the meeting ends at the close', async () => {
    // As seen on a real kiosk: closed at 23:40:42, and a tap at 23:41:04 was accepted.
    const card = await memberWithCard(t, issuer, 'A2');
    const k = new KioskSigner(await t.enrollKiosk('A2'));
    const meeting = uuidv7();
    const closedAt = at(-MINUTE);
    const events = [
      await k.sign({ type: 'meeting.open', meeting, kind: 'group', title: '第一党小组会' }, { at: at(-60 * MINUTE) }),
      await k.sign({ type: 'meeting.close', meeting }, { at: closedAt }),
      await k.checkin(card, meeting, { at: at(-MINUTE + 22_000) }),
    ];
    expect(codes(await ingest(t, k.kiosk, events))).toEqual(['accepted', 'accepted', 'ERR_MEETING_CLOSED']);
    expect(await meetingView(t, meeting)).toMatchObject({ origin: 'ad_hoc', status: 'closed', closedAt, endsAt: closedAt, checkedIn: 0, refused: 1 });
    expect(await offered(t, k.kiosk)).not.toContain(meeting);
  });
});

describe('ad-hoc meetings closed before the server kept the close time', () => {
  it('when the server is upgraded, then a meeting a kiosk had closed refuses check-ins tapped after its close', async () => {
    const t = await startTestServer();
    try {
      await createTree(t);
      const issuer = await registeredIssuer(t);
      const cards: TestCard[] = [await memberWithCard(t, issuer, 'A1'), await memberWithCard(t, issuer, 'A1')];
      const k = new KioskSigner(await t.enrollKiosk('A1'));
      const meeting = uuidv7();
      const now = t.clock.now().getTime();
      const closedAt = new Date(now - 2 * MINUTE).toISOString();
      await ingest(t, k.kiosk, [
        await k.sign({ type: 'meeting.open', meeting, kind: 'group', title: '党小组会' }, { at: new Date(now - 60 * MINUTE).toISOString() }),
        await k.sign({ type: 'meeting.close', meeting }, { at: closedAt }),
      ]);
      await t.close({ keepData: true });

      // The database as the release before it left it, without the column; then the upgrade's migration, alone.
      const db = new Database(dataFiles(t.dataDir).database);
      db.exec('ALTER TABLE meetings DROP COLUMN closed_at');
      runMigration(db, 'meeting-closed-at');
      db.close();

      const again = await startTestServer({ dataDir: t.dataDir });
      try {
        const taps = [
          await k.checkin(cards[0]!, meeting, { at: new Date(now - 3 * MINUTE).toISOString() }),
          await k.checkin(cards[1]!, meeting, { at: new Date(now - MINUTE).toISOString() }),
        ];
        expect(codes(await ingest(again, k.kiosk, taps))).toEqual(['accepted', 'ERR_MEETING_CLOSED']);
        expect((await meetingView(again, meeting)).closedAt).toBe(closedAt);
      } finally {
        await again.close();
      }
    } finally {
      await t.close();
    }
  });
});
