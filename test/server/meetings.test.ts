import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyAttendance } from '../../server/domain/attendance.ts';
import { insertAttendance, } from '../../server/store/sqlite/attendance-sql.ts';
import { periodsAt } from '../../server/store/sqlite/members-sql.ts';
import { AttendanceListSchema, MeetingKindListSchema, MeetingListSchema, MeetingSchema } from '../../server/schemas/meetings.ts';
import { createMember, createTree, type TestMember } from './support/fixtures.ts';
import { expectError, expectOk } from './support/http.ts';
import { TestClock } from './support/test-clock.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

/** The meetings here are in 2030 and 2031: the server's today is near them, as a meeting starts at most a year ahead. */
const TODAY = new Date('2030-05-15T00:00:00Z');

describe('meetings', () => {
  let t: TestServer;
  let admin: string;
  const meeting = (json: object) => t.call('POST', '/api/v1/meetings', { token: admin, json });

  beforeAll(async () => {
    t = await startTestServer({ clock: new TestClock(TODAY) });
    admin = await t.adminToken();
    await createTree(t);
  });
  afterAll(() => t.close());

  it('offers the configured kinds', async () => {
    const { kinds } = expectOk(await t.call('GET', '/api/v1/meeting-kinds', { token: admin }), 200, MeetingKindListSchema);
    expect(kinds.map((kind) => kind.code)).toEqual(['general_meeting', 'committee', 'group', 'lecture', 'theme_day', 'other']);
    expect(kinds.find((kind) => kind.code === 'committee')).toMatchObject({ nameZh: '支部委员会', cadence: 'P1M' });
  });

  it('schedules a meeting, stores its times in UTC and names it after its kind by default', async () => {
    const created = expectOk(
      await meeting({ org: 'A1', kind: 'general_meeting', place: '党员活动室', startsAt: '2030-03-01T09:00:00+08:00', endsAt: '2030-03-01T11:00:00+08:00' }),
      201,
      MeetingSchema,
    );
    expect(created).toMatchObject({ org: 'A1', kind: 'general_meeting', title: '支部党员大会', place: '党员活动室', startsAt: '2030-03-01T01:00:00.000Z', endsAt: '2030-03-01T03:00:00.000Z', origin: 'scheduled', status: 'scheduled' });
    expect(expectOk(await t.call('GET', `/api/v1/meetings/${created.id}`, { token: admin }), 200, MeetingSchema)).toEqual(created);
  });

  it('refuses an unknown kind, a meeting that ends before it starts, an unknown organisation, a bad time', async () => {
    expectError(await meeting({ org: 'A1', kind: 'party', startsAt: '2030-03-01T09:00:00Z', endsAt: '2030-03-01T10:00:00Z' }), 422, 'ERR_MEETING_KIND_UNKNOWN');
    expectError(await meeting({ org: 'A1', kind: 'group', startsAt: '2030-03-01T09:00:00Z', endsAt: '2030-03-01T09:00:00Z' }), 422, 'ERR_MEETING_SCHEDULE_INVALID');
    expectError(await meeting({ org: 'NOPE', kind: 'group', startsAt: '2030-03-01T09:00:00Z', endsAt: '2030-03-01T10:00:00Z' }), 404, 'ERR_ORG_NOT_FOUND');
    expectError(await meeting({ org: 'A1', kind: 'group', startsAt: 'tomorrow', endsAt: '2030-03-01T10:00:00Z' }), 400, 'ERR_VALIDATION');
    expectError(await t.call('GET', '/api/v1/meetings/0190f3a4-0000-7000-8000-000000000000', { token: admin }), 404, 'ERR_MEETING_NOT_FOUND');
  });

  it('lists meetings by organisation subtree and the window they start in', async () => {
    const a2 = expectOk(await meeting({ org: 'A2', kind: 'lecture', startsAt: '2031-05-01T09:00:00Z', endsAt: '2031-05-01T10:00:00Z' }), 201, MeetingSchema);
    const b1 = expectOk(await meeting({ org: 'B1', kind: 'lecture', startsAt: '2031-05-01T09:00:00Z', endsAt: '2031-05-01T10:00:00Z' }), 201, MeetingSchema);
    const listed = expectOk(await t.call('GET', '/api/v1/meetings?org=A&from=2031-04-01T00:00:00Z&to=2031-06-01T00:00:00Z', { token: admin }), 200, MeetingListSchema);
    expect(listed.meetings.map((m) => m.id)).toEqual([a2.id]);
    const all = expectOk(await t.call('GET', '/api/v1/meetings?from=2031-05-01T09:00:00Z&to=2031-05-01T09:15:00Z', { token: admin }), 200, MeetingListSchema);
    expect(all.meetings.map((m) => m.id).sort()).toEqual([a2.id, b1.id].sort());
    // Under way at the window's start is not starting in it.
    expect(expectOk(await t.call('GET', '/api/v1/meetings?from=2031-05-01T09:30:00Z&to=2031-05-01T09:45:00Z', { token: admin }), 200, MeetingListSchema).meetings).toEqual([]);
  });

  describe('attendance (rows written by event ingest)', () => {
    let host: string;
    let local: TestMember;
    let visitor: TestMember;
    let mobile: TestMember;

    beforeAll(async () => {
      host = expectOk(await meeting({ org: 'A1', kind: 'theme_day', startsAt: '2030-06-01T01:00:00Z', endsAt: '2030-06-01T03:00:00Z' }), 201, MeetingSchema).id;
      local = await createMember(t, 'A1');
      visitor = await createMember(t, 'B1');
      mobile = await createMember(t, 'B1', { since: '2029-01-01' });
      await t.call('POST', `/api/v1/members/${mobile.memberNumber}/mobile-periods`, { token: admin, json: { org: 'A1', from: '2030-01-01' } });
    });

    /** What ingest does for an accepted check-in, through the functions the store and domain offer it. */
    async function recordCheckIn(member: TestMember, eventId: string): Promise<'recorded' | 'already-present'> {
      const db = t.server.store.handles.writable;
      const meetingRow = await t.server.context.read.meetings.byId(host);
      const stored = await t.server.context.read.members.byNumber(member.memberNumber);
      if (!meetingRow || !stored) throw new Error('fixture missing');
      const facts = classifyAttendance(periodsAt(db, stored.id, t.dayOf(new Date(meetingRow.startsAt))), meetingRow.orgId);
      return db.transaction(() =>
        insertAttendance(db, { meetingId: host, memberId: stored.id, hostOrgId: meetingRow.orgId, ...facts, cardCsn: null, kioskKid: null, at: '2030-06-01T01:05:00.000Z', recordedAt: '2030-06-01T01:05:01.000Z', eventId }),
      )();
    }

    it('lists nobody before anyone checked in', async () => {
      expect(expectOk(await t.call('GET', `/api/v1/meetings/${host}/attendance`, { token: admin }), 200, AttendanceListSchema)).toEqual({ meeting: host, attendance: [] });
    });

    it('lists each member once with home organisation at the time and the cross-organisation flag', async () => {
      expect(await recordCheckIn(local, 'e-1')).toBe('recorded');
      expect(await recordCheckIn(visitor, 'e-2')).toBe('recorded');
      expect(await recordCheckIn(mobile, 'e-3')).toBe('recorded');
      expect(await recordCheckIn(local, 'e-4')).toBe('already-present');
      const { attendance } = expectOk(await t.call('GET', `/api/v1/meetings/${host}/attendance`, { token: admin }), 200, AttendanceListSchema);
      expect(attendance.map((a) => [a.member, a.homeOrg, a.hostOrg, a.crossOrg, a.attendedAs, a.eventId])).toEqual([
        [local.memberNumber, 'A1', 'A1', false, 'home', 'e-1'],
        [visitor.memberNumber, 'B1', 'A1', true, 'visitor', 'e-2'],
        [mobile.memberNumber, 'B1', 'A1', true, 'mobile', 'e-3'],
      ]);
    });

    it('refuses the attendance of a meeting that does not exist', async () => {
      expectError(await t.call('GET', '/api/v1/meetings/0190f3a4-0000-7000-8000-000000000001/attendance', { token: admin }), 404, 'ERR_MEETING_NOT_FOUND');
    });
  });

});
