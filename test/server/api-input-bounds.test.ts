import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, addYears } from '../../shared/org-calendar.ts';
import { FindingDetailSchema, FindingListSchema } from '../../server/schemas/findings.ts';
import { KioskConfigSchema } from '../../server/schemas/kiosks.ts';
import { MeetingListSchema, MeetingSchema } from '../../server/schemas/meetings.ts';
import { ImportReportSchema, MemberSchema } from '../../server/schemas/members.ts';
import { MobilePeriodSchema } from '../../server/schemas/mobile-periods.ts';
import { OrgSchema } from '../../server/schemas/orgs.ts';
import { UserSchema } from '../../server/schemas/users.ts';
import { createMember, createTree, USER_PASSWORD, userToken, validIdNumber } from './support/fixtures.ts';
import { expectError, expectOk, type ApiResponse } from './support/http.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** A resident ID number whose birth date is 1950-01-01 plus `days`, different for every `seq`. */
const bornAfter = (days: number, seq: number): string => validIdNumber(20_000 * (500 + seq) + days);
const birthDateOf = (idNumber: string): string => `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;

/** Text people cannot see or that changes what they see, as a hostile or careless client sends it. */
const HIDDEN: Record<string, string> = {
  'a NUL': '名\u0000字',
  'a bell and an escape': 'a\u0007\u001bb',
  'a line feed': 'a\nb',
  'a C1 control (NEL)': 'a\u0085b',
  'a right-to-left override': '\u202eabc',
  'a right-to-left isolate': 'ab\u2067c',
  'a zero-width space alone': '\u200b',
  'a Hangul filler and a zero-width joiner alone': '\u3164\u200d',
  'half a surrogate pair': '\ud800x',
};

interface Issue {
  path: string;
  message: string;
}

/** 400 ERR_VALIDATION naming `field`, with a message that says what is wrong with the characters. */
function expectRefusedText(response: ApiResponse, field: string, label: string): void {
  expect(response.status, `${label}: ${response.text}`).toBe(400);
  expectError(response, 400, 'ERR_VALIDATION');
  const issues = (response.body as { error: { details: { issues: Issue[] } } }).error.details.issues;
  expect(issues, label).toContainEqual({ path: field, code: 'custom', message: expect.stringMatching(/control or invisible|writing direction|broken character|visible character/) });
}

describe('input the server refuses because, once stored, it could not handle it', () => {
  let t: TestServer;
  let seq = 0;
  const next = (): number => ++seq;

  beforeAll(async () => {
    t = await startTestServer();
    await createTree(t);
  });
  afterAll(() => t.close());

  const newMember = async (overrides: Record<string, unknown>) =>
    t.call('POST', '/api/v1/members', { token: await t.adminToken(), json: { memberNumber: `IB${next()}`, name: '周敏', idNumber: bornAfter(1000, next()), homeOrg: 'B1', ...overrides } });

  describe('the first day of a membership', () => {
    it('when it is after the organisation’s today, then 422 ERR_MEMBER_SINCE_INVALID and no member is stored', async () => {
      for (const since of ['9999-12-31', addDays(t.today(), 1)]) {
        const memberNumber = `FUTURE${next()}`;
        const refused = await newMember({ memberNumber, since });
        expectError(refused, 422, 'ERR_MEMBER_SINCE_INVALID');
        expect(refused.body).toMatchObject({ error: { details: { since, today: t.today() } } });
        expectError(await t.call('GET', `/api/v1/members/${memberNumber}`, { token: await t.adminToken() }), 404, 'ERR_MEMBER_NOT_FOUND');
      }
      expect(expectOk(await newMember({ since: t.today() }), 201, MemberSchema).homeOrg).toBe('B1');
    });

    it('when it is before the birth date in the resident ID number, then 422 ERR_MEMBER_SINCE_INVALID, without the birth date in the answer', async () => {
      const idNumber = bornAfter(3650, next());
      const birth = birthDateOf(idNumber);
      for (const since of ['0001-01-01', addDays(birth, -1)]) {
        const refused = await newMember({ idNumber, since });
        expectError(refused, 422, 'ERR_MEMBER_SINCE_INVALID');
        expect(refused.text).not.toContain(birth);
      }
      expect(expectOk(await newMember({ idNumber, since: birth }), 201, MemberSchema).periods).toEqual([{ org: 'B1', kind: 'home', from: birth, to: null }]);
    });

    it('when a CSV row’s since is after today or before the birth date, then the row is reported on its since and not imported; the others are', async () => {
      const born = bornAfter(3650, next());
      const rows = [
        `CSVF${next()},赵一,${bornAfter(1000, next())},B1,9999-01-01`,
        `CSVF${next()},赵二,${bornAfter(1000, next())},B1,0001-01-01`,
        `CSVF${next()},赵三,${born},B1,${addDays(birthDateOf(born), -1)}`,
        `CSVF${next()},赵四,${bornAfter(1000, next())},B1,2020-01-01`,
      ];
      const csv = ['member_number,name,id_number,org,since', ...rows].join('\n');
      const report = expectOk(await t.call('POST', '/api/v1/members/import', { token: await t.adminToken(), raw: csv, contentType: 'text/csv' }), 200, ImportReportSchema);
      expect(report.imported).toBe(1);
      expect(report.errors.map((error) => [error.row, error.field, error.code])).toEqual([
        [2, 'since', 'ERR_MEMBER_SINCE_INVALID'],
        [3, 'since', 'ERR_MEMBER_SINCE_INVALID'],
        [4, 'since', 'ERR_MEMBER_SINCE_INVALID'],
      ]);
    });
  });

  describe('the times of a meeting', () => {
    const schedule = async (startsAt: Date, endsAt: Date) =>
      t.call('POST', '/api/v1/meetings', { token: await t.adminToken(), json: { org: 'A2', kind: 'lecture', startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() } });
    const now = (): number => t.clock.now().getTime();

    it('when a meeting runs from the year 1 to the year 9999, then 422 ERR_MEETING_SCHEDULE_INVALID, and no kiosk carries it', async () => {
      const refused = await t.call('POST', '/api/v1/meetings', { token: await t.adminToken(), json: { org: 'A2', kind: 'lecture', startsAt: '0001-01-01T00:00:00Z', endsAt: '9999-12-31T23:59:59Z' } });
      expectError(refused, 422, 'ERR_MEETING_SCHEDULE_INVALID');
      expect(refused.text).toContain('at most 7 days');
      const kiosk = await t.enrollKiosk('A2');
      expect(expectOk(await t.call('GET', '/api/v1/kiosk/config', { token: await t.kioskToken(kiosk) }), 200, KioskConfigSchema).meetings).toEqual([]);
    });

    it('when a meeting lasts more than 7 days, then 422 says the longest; 7 days are taken', async () => {
      const start = new Date(now() + 10 * DAY_MS);
      expectError(await schedule(start, new Date(start.getTime() + 7 * DAY_MS + 60_000)), 422, 'ERR_MEETING_SCHEDULE_INVALID');
      expectOk(await schedule(start, new Date(start.getTime() + 7 * DAY_MS)), 201, MeetingSchema);
    });

    it('when a meeting starts more than a year ahead or more than five years back, then 422 names the first and last day it may start on', async () => {
      const today = t.today();
      for (const startsAt of [new Date(now() + 367 * DAY_MS), new Date(now() - (5 * 365 + 3) * DAY_MS)]) {
        const refused = await schedule(startsAt, new Date(startsAt.getTime() + 2 * HOUR_MS));
        expectError(refused, 422, 'ERR_MEETING_SCHEDULE_INVALID');
        expect(refused.body).toMatchObject({ error: { details: { earliest: addYears(today, -5), latest: addYears(today, 1) } } });
      }
      for (const startsAt of [new Date(now() + 360 * DAY_MS), new Date(now() - 5 * 360 * DAY_MS)]) expectOk(await schedule(startsAt, new Date(startsAt.getTime() + 2 * HOUR_MS)), 201, MeetingSchema);
      const listed = expectOk(await t.call('GET', '/api/v1/meetings?org=A2', { token: await t.adminToken() }), 200, MeetingListSchema).meetings;
      expect(listed.every((meeting) => meeting.startsAt >= '2000')).toBe(true);
    });
  });

  describe('the dates of a mobile registration', () => {
    it('when it begins before the member’s membership began, or runs to the year 9999, then 422 ERR_PERIOD_INVALID; within them it is registered', async () => {
      const since = addDays(t.today(), -100);
      const member = await createMember(t, 'A1', { since });
      const register = async (json: Record<string, unknown>) => t.call('POST', `/api/v1/members/${member.memberNumber}/mobile-periods`, { token: await t.adminToken(), json: { org: 'B1', ...json } });
      const refusals = [
        { from: '0001-01-01', to: '9999-12-31' },
        { from: addDays(since, -1) },
        { from: since, to: addDays(addYears(t.today(), 5), 1) },
        { from: addDays(addYears(t.today(), 1), 1) },
      ];
      for (const dates of refusals) expectError(await register(dates), 422, 'ERR_PERIOD_INVALID');
      expect((await register({ from: addDays(since, -1) })).text).toContain(`membership began, on ${since}`);
      const period = expectOk(await register({ from: since, to: addYears(t.today(), 5) }), 201, MobilePeriodSchema);
      expectError(await t.call('POST', `/api/v1/mobile-periods/${period.id}/extend`, { token: await t.adminToken(), json: { to: '9999-12-31' } }), 422, 'ERR_PERIOD_INVALID');
    });

    it('when an open-ended registration is ended in the year 9999, then 422 ERR_PERIOD_INVALID and it stays open-ended; ended within the bound, it ends then', async () => {
      const member = await createMember(t, 'A1', { since: addDays(t.today(), -100) });
      const admin = await t.adminToken();
      const period = expectOk(await t.call('POST', `/api/v1/members/${member.memberNumber}/mobile-periods`, { token: admin, json: { org: 'B1', from: t.today() } }), 201, MobilePeriodSchema);
      const end = async (on: string) => t.call('POST', `/api/v1/mobile-periods/${period.id}/end`, { token: admin, json: { on } });
      expectError(await end('9999-12-31'), 422, 'ERR_PERIOD_INVALID');
      expectError(await end(addDays(addYears(t.today(), 5), 1)), 422, 'ERR_PERIOD_INVALID');
      expect(expectOk(await t.call('GET', `/api/v1/mobile-periods/${period.id}`, { token: admin }), 200, MobilePeriodSchema).to).toBeNull();
      expect(expectOk(await end(addYears(t.today(), 5)), 200, MobilePeriodSchema).to).toBe(addYears(t.today(), 5));
    });
  });

  describe('names and free text', () => {
    it('when a member’s name holds control, direction or invisible characters, then 400 names the field, by hand or in a CSV row', async () => {
      for (const [label, name] of Object.entries(HIDDEN)) expectRefusedText(await newMember({ name }), 'name', label);
      // A line feed ends a CSV record, half a surrogate pair cannot be written in UTF-8, and a NUL makes the file one
      // that is not UTF-8 at all: the other texts go in a file as they are.
      const csvRows = Object.values(HIDDEN)
        .filter((name) => !/[\n\ud800-\udfff]/.test(name) && !name.includes('\u0000'))
        .map((name) => `HID${next()},${name},${bornAfter(1000, next())},B1,`);
      const csv = ['member_number,name,id_number,org,since', ...csvRows].join('\n');
      const report = expectOk(await t.call('POST', '/api/v1/members/import', { token: await t.adminToken(), raw: csv, contentType: 'text/csv' }), 200, ImportReportSchema);
      expect(report.imported).toBe(0);
      expect(report.errors.map((error) => [error.field, error.code])).toEqual(csvRows.map(() => ['name', 'ERR_VALIDATION']));
      expect(report.errors.every((error) => /control or invisible|writing direction|visible character/.test(error.message))).toBe(true);
    });

    it('when an organisation, a meeting kind, a meeting, a kiosk or an account is named with them, then 400 names the field', async () => {
      for (const [label, text] of Object.entries(HIDDEN)) {
        expectRefusedText(await t.call('POST', '/api/v1/orgs', { token: await t.adminToken(), json: { code: `HX${next()}`, name: text, kind: 'branch', parent: 'A' } }), 'name', label);
        expectRefusedText(await t.call('POST', '/api/v1/meeting-kinds', { token: await t.adminToken(), json: { code: `hidden_${next()}`, nameZh: text, nameEn: 'Study' } }), 'nameZh', label);
        expectRefusedText(await t.call('POST', '/api/v1/meeting-kinds', { token: await t.adminToken(), json: { code: `hidden_${next()}`, nameZh: '学习', nameEn: text } }), 'nameEn', label);
        const start = t.clock.now().getTime() + DAY_MS;
        const meeting = { org: 'A1', kind: 'group', startsAt: new Date(start).toISOString(), endsAt: new Date(start + HOUR_MS).toISOString() };
        expectRefusedText(await t.call('POST', '/api/v1/meetings', { token: await t.adminToken(), json: { ...meeting, title: text } }), 'title', label);
        expectRefusedText(await t.call('POST', '/api/v1/meetings', { token: await t.adminToken(), json: { ...meeting, place: text } }), 'place', label);
        expectRefusedText(await t.call('POST', '/api/v1/users', { token: await t.adminToken(), json: { username: `hidden-${next()}`, displayName: text, password: USER_PASSWORD, role: 'auditor', org: 'A' } }), 'displayName', label);
        expectRefusedText(await t.call('POST', '/api/v1/kiosks/enroll', { json: { token: 'x'.repeat(43), name: text, jwk: { kty: 'OKP', crv: 'Ed25519', x: 'x'.repeat(43) } } }), 'name', label);
      }
      expectRefusedText(await t.call('POST', '/api/v1/orgs', { token: await t.adminToken(), json: { code: 'HXNUL', name: '甲镇\u0000支部\u202e', kind: 'branch', parent: 'A' } }), 'name', 'NUL and an override');
      expectError(await t.call('GET', '/api/v1/orgs/HXNUL', { token: await t.adminToken() }), 404, 'ERR_ORG_NOT_FOUND');
      const user = expectOk(await t.call('POST', '/api/v1/users', { token: await t.adminToken(), json: { username: `named-${next()}`, password: USER_PASSWORD, role: 'auditor', org: 'A' } }), 201, UserSchema);
      expectRefusedText(await t.call('POST', `/api/v1/users/${user.id}/display-name`, { token: await t.adminToken(), json: { displayName: '\u0000\u0000' } }), 'displayName', 'two NULs');
    });

    it('when a reason holds them, then 400 names the field: a reason is one line, as the letter prints it', async () => {
      const member = await createMember(t, 'A1', { since: '2020-01-01' });
      for (const [label, reason] of Object.entries(HIDDEN)) {
        expectRefusedText(await t.call('POST', '/api/v1/transfers', { token: await t.adminToken(), json: { member: member.memberNumber, toOrg: 'B1', reason } }), 'reason', label);
        expectRefusedText(await t.call('POST', `/api/v1/members/${member.memberNumber}/mobile-periods`, { token: await t.adminToken(), json: { org: 'B1', from: t.today(), reason } }), 'reason', label);
        expectRefusedText(await t.call('POST', `/api/v1/members/${member.memberNumber}/status`, { token: await t.adminToken(), json: { status: 'suspended', on: t.today(), reason } }), 'reason', label);
      }
    });

    it('takes names of any script, and a note of several lines, with its line breaks as LF', async () => {
      for (const name of ['阿依古丽·买买提', 'Zoë Ó Briain', 'محمد', 'Nguyễn Văn An']) expectOk(await newMember({ name }), 201, MemberSchema);
      expectOk(await t.call('POST', '/api/v1/orgs', { token: await t.adminToken(), json: { code: `NAMED${next()}`, name: '甲镇第三支部（新）', kind: 'branch', parent: 'A' } }), 201, OrgSchema);

      t.clock.advance(40 * DAY_MS);
      t.server.context.diagnostics.notify({ kind: 'all' });
      await t.server.context.diagnostics.idle();
      const token = await t.adminToken();
      const [finding] = expectOk(await t.call('GET', '/api/v1/findings?status=open', { token }), 200, FindingListSchema).findings;
      if (!finding) throw new Error('no finding to act on');
      expectRefusedText(await t.call('POST', `/api/v1/findings/${finding.id}/acknowledge`, { token, json: { note: '已通知\t支部' } }), 'note', 'a tab');
      const acted = expectOk(await t.call('POST', `/api/v1/findings/${finding.id}/acknowledge`, { token, json: { note: '已电话通知支部书记。\r\n下周补开。' } }), 200, FindingDetailSchema);
      expect(acted.history.at(-1)?.note).toBe('已电话通知支部书记。\n下周补开。');
    });
  });

  describe('who may look a member up by ID number', () => {
    it('when a branch secretary looks up a member elsewhere in the tree, then the answer is the 404 for a number nobody has', async () => {
      const secretary = await userToken(t, 'secretary', 'A1');
      const elsewhere = await createMember(t, 'B1');
      const own = await createMember(t, 'A1');
      const outOfReach = await t.call('POST', '/api/v1/members/lookup', { token: secretary, json: { idNumber: elsewhere.idNumber } });
      const nobody = await t.call('POST', '/api/v1/members/lookup', { token: secretary, json: { idNumber: bornAfter(2000, next()) } });
      expectError(outOfReach, 404, 'ERR_MEMBER_NOT_FOUND');
      expect(outOfReach.body).toEqual(nobody.body);
      expect(expectOk(await t.call('POST', '/api/v1/members/lookup', { token: secretary, json: { idNumber: own.idNumber } }), 200, MemberSchema).memberNumber).toBe(own.memberNumber);
    });
  });

  describe('what a refusal says', () => {
    it('when a role may not do something, then 403 says in words what, and who may, without internal action names', async () => {
      const secretary = await userToken(t, 'secretary', 'A1');
      const users = await t.call('GET', '/api/v1/users?org=A1', { token: secretary });
      expectError(users, 403, 'ERR_FORBIDDEN');
      expect(users.body).toMatchObject({ error: { message: 'a branch secretary may not see user accounts: only administrators, organisers and auditors may' } });
      const created = await t.call('POST', '/api/v1/members', { token: secretary, json: { memberNumber: `S${next()}`, name: '钱七', idNumber: bornAfter(1000, next()), homeOrg: 'A1' } });
      expectError(created, 403, 'ERR_FORBIDDEN');
      expect(created.body).toMatchObject({ error: { message: 'a branch secretary may not register members: only administrators and organisers may' } });
    });

    it('when an organiser would create an administrator, then 403 says an organiser may not, and who may', async () => {
      const organiser = await userToken(t, 'organiser', 'A');
      const refused = await t.call('POST', '/api/v1/users', { token: organiser, json: { username: `boss-${next()}`, password: USER_PASSWORD, role: 'admin' } });
      expectError(refused, 403, 'ERR_ROLE_NOT_GRANTABLE');
      expect(refused.body).toMatchObject({ error: { message: 'an organiser may not create accounts with the administrator role: only administrators may' } });
    });

    it('when a body is over the route’s limit, then 413 says the limit', async () => {
      const refused = await t.call('POST', '/api/v1/members/lookup', { token: await t.adminToken(), json: { idNumber: 'x'.repeat(20_000) } });
      expectError(refused, 413, 'ERR_BODY_TOO_LARGE');
      expect(refused.body).toMatchObject({ error: { message: expect.stringContaining('at most 16 KB'), details: { limit: 16_384 } } });
    });
  });
});
