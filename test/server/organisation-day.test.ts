import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssuerKeyFile } from '../../shared/issuance/issuer-key.ts';
import { configFromEnv } from '../../server/config.ts';
import { MemberHistorySchema, OrgHistorySchema } from '../../server/schemas/histories.ts';
import { KioskConfigSchema } from '../../server/schemas/kiosks.ts';
import { ImportReportSchema, MemberListSchema, MemberSchema } from '../../server/schemas/members.ts';
import { MobilePeriodSchema } from '../../server/schemas/mobile-periods.ts';
import { OrgSchema } from '../../server/schemas/orgs.ts';
import { TransferSchema } from '../../server/schemas/transfers.ts';
import { createMember, createTree, registeredIssuer, userToken, validIdNumber } from './support/fixtures.ts';
import { expectError, expectOk } from './support/http.ts';
import { ingest, issueCard, KioskSigner, registerCard, scheduleMeeting, tap, type TestCard } from './support/ingest-world.ts';
import { changeStatus, memberView } from './support/member-status-calls.ts';
import { runServerExpectingExit } from './support/server-process.ts';
import { TestClock } from './support/test-clock.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { act, homeLine, issued, memberSince, periodsOf } from './support/transfer-world.ts';

/** A year ahead of the real clock, so cards issued now are valid on the morning the tests take place. */
const YEAR = new Date().getUTCFullYear() + 1;
/** 23:30 UTC on 1 March: 07:30 on 2 March in Beijing. */
const MORNING = new Date(`${YEAR}-03-01T23:30:00.000Z`);
const SINCE = '2020-01-01';

/** One server per zone, at the same instant. */
interface Zone {
  name: string;
  t: TestServer;
  admin: string;
  issuer: IssuerKeyFile;
  today: string;
  tomorrow: string;
  /** whether a day beginning on 2 March has begun */
  beginsToday: boolean;
}

/**
 * The server's today is the organisation's day (MIC_TIME_ZONE, Asia/Shanghai when not set), not UTC's: what a
 * secretary does at 07:30 on 2 March in Beijing happens on 2 March, although UTC is still on 1 March. The same
 * instant on a server set to UTC is 1 March, so it is the zone that decides, not the clock: every scenario runs
 * on both.
 */
describe('at 23:30 UTC on 1 March, today is 2 March in the default zone (Asia/Shanghai) and 1 March in UTC', () => {
  const zones: Zone[] = [];
  const inEachZone = async (scenario: (zone: Zone) => Promise<void>): Promise<void> => {
    for (const zone of zones) await scenario(zone);
  };

  const cardOf = async ({ t, issuer }: Zone, org: string, since = SINCE): Promise<TestCard> => {
    const card = await issueCard(issuer, await memberSince(t, org, since));
    await registerCard(t, card);
    return card;
  };

  beforeAll(async () => {
    for (const spec of [
      { name: 'Asia/Shanghai', timeZone: undefined, today: `${YEAR}-03-02`, tomorrow: `${YEAR}-03-03`, beginsToday: true },
      { name: 'UTC', timeZone: 'UTC', today: `${YEAR}-03-01`, tomorrow: `${YEAR}-03-02`, beginsToday: false },
    ]) {
      const t = await startTestServer({ clock: new TestClock(MORNING), ...(spec.timeZone !== undefined && { timeZone: spec.timeZone }) });
      zones.push({ ...spec, t, admin: await t.adminToken(), issuer: await registeredIssuer(t) });
      await createTree(t);
    }
  });
  afterAll(async () => {
    for (const { t } of zones) await t.close();
  });

  it('a member added without a first day belongs from today, by hand or from a CSV file', async () => {
    await inEachZone(async ({ name, t, admin, today }) => {
      const added = await createMember(t, 'A1');
      expect(added.periods, name).toEqual([{ org: 'A1', kind: 'home', from: today, to: null }]);
      const csv = ['member_number,name,id_number,org,since', `DAY001,冯一,${validIdNumber(9101)},A2,`].join('\n');
      const report = expectOk(await t.call('POST', '/api/v1/members/import', { token: admin, raw: csv, contentType: 'text/csv' }), 200, ImportReportSchema);
      expect(report.imported, name).toBe(1);
      expect((await memberView(t, 'DAY001')).periods, name).toEqual([{ org: 'A2', kind: 'home', from: today, to: null }]);
    });
  });

  it('a transfer accepted in the console moves the member’s home on today', async () => {
    await inEachZone(async ({ name, t, admin, today }) => {
      const member = await memberSince(t, 'A1', SINCE);
      const letter = await issued(t, member.memberNumber, 'B1');
      expectOk(await act(t, admin, letter.id, 'accept'), 200, TransferSchema);
      expect(homeLine(await periodsOf(t, member.memberNumber)), name).toEqual([`A1 ${SINCE}→${today}`, `B1 ${today}→open`]);
    });
  });

  it('a transfer accepted at the receiving branch’s kiosk that morning moves the home on the same day', async () => {
    await inEachZone(async (zone) => {
      const { name, t, today } = zone;
      const secretary = await cardOf(zone, 'B1');
      await userToken(t, 'secretary', 'B1', secretary.member.memberNumber);
      const kiosk = new KioskSigner(await t.enrollKiosk('B1'));
      const member = await cardOf(zone, 'A1');
      const letter = await issued(t, member.member.memberNumber, 'B1');
      const at = t.clock.now().toISOString();
      const facts = { purpose: 'transfer.accept', kioskKid: kiosk.kid, subjectId: letter.id, at };
      const event = await kiosk.sign({ type: 'transfer.accept', transfer: letter.id, member: member.member.memberNumber, card: await tap(member, facts), secretary: await tap(secretary, facts) }, { at });
      expect(await ingest(t, kiosk.kiosk, [event]), name).toMatchObject([{ status: 'accepted' }]);
      expect(homeLine(await periodsOf(t, member.member.memberNumber)), name).toEqual([`A1 ${SINCE}→${today}`, `B1 ${today}→open`]);
    });
  });

  it('a membership that begins on 2 March is current in Beijing and refused in UTC, where that day is still to come; a mobile registration from 2 March is current in Beijing, not yet in UTC: member page, member list, kiosk roster', async () => {
    await inEachZone(async ({ name, t, admin, today, beginsToday }) => {
      if (beginsToday) {
        const joining = await memberSince(t, 'A2', `${YEAR}-03-02`);
        expect((await memberView(t, joining.memberNumber)).homeOrg, name).toBe('A2');
        const listed = expectOk(await t.call('GET', '/api/v1/members?org=A2&limit=200', { token: admin }), 200, MemberListSchema);
        expect(listed.members.some((entry) => entry.memberNumber === joining.memberNumber), name).toBe(true);
        const kiosk = await t.enrollKiosk('A1');
        const config = expectOk(await t.call('GET', '/api/v1/kiosk/config', { token: await t.kioskToken(kiosk) }), 200, KioskConfigSchema);
        expect(config.roster.find((entry) => entry.member === joining.memberNumber)?.org, name).toBe('A2');
      } else {
        const body = { memberNumber: 'DAY002', name: '冯二', idNumber: validIdNumber(9102), homeOrg: 'A2', since: `${YEAR}-03-02` };
        const refused = await t.call('POST', '/api/v1/members', { token: admin, json: body });
        expectError(refused, 422, 'ERR_MEMBER_SINCE_INVALID');
        expect(refused.body, name).toMatchObject({ error: { details: { today } } });
      }

      const away = await memberSince(t, 'A1', SINCE);
      const registered = expectOk(await t.call('POST', `/api/v1/members/${away.memberNumber}/mobile-periods`, { token: admin, json: { org: 'B1', from: `${YEAR}-03-02` } }), 201, MobilePeriodSchema);
      expect(registered.status, name).toBe(beginsToday ? 'active' : 'scheduled');
    });
  });

  it('a status change on today is accepted, on the day after refused as after today', async () => {
    await inEachZone(async ({ name, t, admin, today, tomorrow }) => {
      const member = await memberSince(t, 'A1', SINCE);
      const refused = await changeStatus(t, admin, member.memberNumber, { status: 'suspended', on: tomorrow, reason: '审查' });
      expectError(refused, 422, 'ERR_MEMBER_STATUS_DATE_INVALID');
      expect(refused.body, name).toMatchObject({ error: { details: { today } } });
      expectOk(await changeStatus(t, admin, member.memberNumber, { status: 'suspended', on: today, reason: '审查' }), 200, MemberSchema);
      expect(await memberView(t, member.memberNumber), name).toMatchObject({ status: 'suspended', statusSince: today });
    });
  });

  it('a check-in that morning is filed under today: the periods of that day, and the day windows of the histories', async () => {
    await inEachZone(async (zone) => {
      const { name, t, admin, today, tomorrow, beginsToday } = zone;
      // A new branch's first member, from today, checks in at its meeting, and so does a member of A1 registered there as
      // mobile from 2 March: a mobile member that day in Beijing, a visitor the day before.
      expectOk(await t.call('POST', '/api/v1/orgs', { token: admin, json: { code: 'B9', name: '乙镇第九支部', kind: 'branch', parent: 'B' } }), 201, OrgSchema);
      const card = await cardOf(zone, 'B9', today);
      const away = await cardOf(zone, 'A1');
      expectOk(await t.call('POST', `/api/v1/members/${away.member.memberNumber}/mobile-periods`, { token: admin, json: { org: 'B9', from: `${YEAR}-03-02` } }), 201, MobilePeriodSchema);
      const kiosk = new KioskSigner(await t.enrollKiosk('B9'));
      const meeting = await scheduleMeeting(t, 'B9', new Date(MORNING.getTime() - 30 * 60_000));
      const at = t.clock.now().toISOString();
      expect(await ingest(t, kiosk.kiosk, [await kiosk.checkin(card, meeting, { at }), await kiosk.checkin(away, meeting, { at })]), name).toMatchObject([{ status: 'accepted' }, { status: 'accepted' }]);

      const history = async (member: TestCard, query: string) =>
        expectOk(await t.call('GET', `/api/v1/members/${member.member.memberNumber}/history${query}`, { token: admin }), 200, MemberHistorySchema);
      expect((await history(card, '')).attendance, name).toMatchObject([{ meeting, attendedAs: 'home' }]);
      expect((await history(away, '')).attendance, name).toMatchObject([{ meeting, attendedAs: beginsToday ? 'mobile' : 'visitor' }]);
      expect((await history(card, `?from=${today}&to=${today}`)).attendance.map((entry) => entry.meeting), name).toEqual([meeting]);
      expect((await history(card, `?from=${tomorrow}`)).attendance, name).toEqual([]);

      // The branch's own history expects its members of that day at the meeting; the other member is its guest.
      const org = expectOk(await t.call('GET', `/api/v1/orgs/B9/history?from=${today}&to=${today}`, { token: admin }), 200, OrgHistorySchema);
      expect(org.meetings, name).toMatchObject([{ meeting, attended: 1, expected: 1, rate: 1, guests: 1 }]);
    });
  });

  it('the CSV exports write that morning’s check-in, meeting and letter on the organisation’s clock with its offset, as the console shows them', async () => {
    const written = {
      'Asia/Shanghai': { checkin: `${YEAR}-03-02T07:30:00+08:00`, start: `${YEAR}-03-02T07:00:00+08:00`, expiry: `${YEAR}-04-02T00:00:00+08:00` },
      UTC: { checkin: `${YEAR}-03-01T23:30:00+00:00`, start: `${YEAR}-03-01T23:00:00+00:00`, expiry: `${YEAR}-04-01T00:00:00+00:00` },
    };
    await inEachZone(async (zone) => {
      const { name, t, admin, today } = zone;
      const expected = written[name as keyof typeof written];
      const card = await cardOf(zone, 'A2');
      const number = card.member.memberNumber;
      const kiosk = new KioskSigner(await t.enrollKiosk('A2'));
      const meeting = await scheduleMeeting(t, 'A2', new Date(MORNING.getTime() - 30 * 60_000));
      expect(await ingest(t, kiosk.kiosk, [await kiosk.checkin(card, meeting, { at: t.clock.now().toISOString() })]), name).toMatchObject([{ status: 'accepted' }]);
      const letter = await issued(t, number, 'B1');
      expectOk(await act(t, admin, letter.id, 'cancel', {}), 200, TransferSchema);

      const csv = async (path: string): Promise<Record<string, string>[]> => {
        const answer = await t.call('GET', path, { token: admin });
        expect(answer.headers.get('content-type'), name).toMatch(/^text\/csv/);
        return parse(answer.text, { columns: true }) as Record<string, string>[];
      };
      const [checkin] = await csv(`/api/v1/members/${number}/history?format=csv&part=attendance`);
      expect(checkin, name).toMatchObject({ meeting, at: expected.checkin });
      const [transfer] = await csv(`/api/v1/members/${number}/history?format=csv&part=transfers`);
      expect(transfer, name).toMatchObject({ id: letter.id, issued_at: expected.checkin, expires_at: expected.expiry, closed_at: expected.checkin });
      const meetings = await csv(`/api/v1/orgs/A2/history?format=csv&part=meetings&from=${today}&to=${today}`);
      expect(meetings, name).toEqual([expect.objectContaining({ meeting, starts_at: expected.start })]);
      const [month] = await csv(`/api/v1/orgs/A2/history?format=csv&part=months&from=${today}&to=${today}`);
      expect(month, name).toMatchObject({ month: today.slice(0, 7), meetings: '1' });
    });
  });
});

describe('MIC_TIME_ZONE', () => {
  it('is Asia/Shanghai when not set, and takes any IANA zone Intl knows, as Intl spells it', () => {
    expect(configFromEnv({}).timeZone).toBe('Asia/Shanghai');
    expect(configFromEnv({ MIC_TIME_ZONE: 'utc' }).timeZone).toBe('UTC');
    expect(configFromEnv({ MIC_TIME_ZONE: 'Europe/Berlin' }).timeZone).toBe('Europe/Berlin');
  });

  it('refuses an unknown zone at start, saying what to set', async () => {
    expect(() => configFromEnv({ MIC_TIME_ZONE: 'Asia/Beijing' })).toThrow(
      expect.objectContaining({ code: 'ERR_CONFIG_INVALID', message: expect.stringContaining('set MIC_TIME_ZONE to an IANA name such as Asia/Shanghai') }),
    );
    await expect(startTestServer({ timeZone: 'Mars/Olympus' })).rejects.toMatchObject({ code: 'ERR_CONFIG_INVALID', message: expect.stringContaining('"Mars/Olympus"') });
  });

  it('an unknown zone stops `npm start` with the message in its log', async () => {
    const root = mkdtempSync(join(tmpdir(), 'mic-zone-'));
    try {
      const { code, logs } = await runServerExpectingExit(join(root, 'data'), { MIC_TIME_ZONE: 'Asia/Beijing' });
      expect(code).toBe(1);
      expect(logs).toContainEqual(
        expect.objectContaining({
          level: 60,
          code: 'ERR_CONFIG_INVALID',
          msg: 'the environment is not valid: MIC_TIME_ZONE: "Asia/Beijing" is not a time zone this server knows: set MIC_TIME_ZONE to an IANA name such as Asia/Shanghai (the default) or UTC',
        }),
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
