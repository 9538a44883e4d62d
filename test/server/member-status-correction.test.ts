import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssuerKeyFile } from '../../shared/issuance/issuer-key.ts';
import { dataFiles } from '../../server/bootstrap.ts';
import { DAY_MS } from '../../server/clock.ts';
import { addMonths } from '../../server/domain/diagnostics/calendar.ts';
import { AuditListSchema } from '../../server/schemas/audit.ts';
import { KioskConfigSchema } from '../../server/schemas/kiosks.ts';
import { MemberSchema, MemberStatusCorrectionSchema } from '../../server/schemas/members.ts';
import { MobilePeriodSchema } from '../../server/schemas/mobile-periods.ts';
import { TransferSchema } from '../../server/schemas/transfers.ts';
import { createMember, createTree, registeredIssuer, userToken, type TestMember } from './support/fixtures.ts';
import { expectError, expectOk, type ApiResponse } from './support/http.ts';
import { fullRun, liveFinding, settled } from './support/diagnostics-world.ts';
import { ingest, issueCard, KioskSigner, registerCard, scheduleMeeting } from './support/ingest-world.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { issued } from './support/transfer-world.ts';
import { changeStatus, memberView } from './support/member-status-calls.ts';

/** The correction route as the console calls it. */
function correct(t: TestServer, token: string, member: string, json: unknown): Promise<ApiResponse> {
  return t.call('POST', `/api/v1/members/${member}/status/correction`, { token, json });
}

/** The member's status history as an auditor reads it: the trail's status rows, oldest first. */
async function statusTrail(t: TestServer, org: string, member: string) {
  const { entries } = expectOk(await t.call('GET', `/api/v1/audit?org=${org}&limit=1000`, { token: await t.adminToken() }), 200, AuditListSchema);
  return entries.filter((entry) => entry.targetId === member && entry.action.startsWith('member.status')).reverse();
}

describe('correcting a leaving or death recorded by mistake', () => {
  let t: TestServer;
  let admin: string;
  let issuer: IssuerKeyFile;
  let today: string;
  const daysAgo = (days: number): string => t.dayOf(new Date(t.clock.now().getTime() - days * DAY_MS));

  beforeAll(async () => {
    t = await startTestServer();
    await createTree(t);
    admin = await t.adminToken();
    issuer = await registeredIssuer(t);
    today = t.today();
  });
  afterAll(() => t.close());

  it('a suspended member recorded as left by mistake is suspended again, with the day and reason from before, back at home; the trail keeps the mistake and the correction; the card stays revoked and a check-in signed with it is still refused', async () => {
    const card = await issueCard(issuer, await createMember(t, 'A1', { since: '2020-01-01' }));
    await registerCard(t, card);
    const member = card.member.memberNumber;
    const meeting = await scheduleMeeting(t, 'A1');
    const kiosk = new KioskSigner(await t.enrollKiosk('A1'));
    expectOk(await changeStatus(t, admin, member, { status: 'suspended', on: daysAgo(10), reason: '立案审查期间' }), 200, MemberSchema);
    expectOk(await changeStatus(t, admin, member, { status: 'left', on: daysAgo(2), reason: '本人申请' }), 200, MemberSchema);

    const corrected = expectOk(await correct(t, admin, member, { reason: '登记错了人，应为同名的另一位党员' }), 200, MemberStatusCorrectionSchema);
    expect(corrected.member).toMatchObject({ status: 'suspended', statusSince: daysAgo(10), statusReason: '立案审查期间', homeOrg: 'A1' });
    expect(corrected.member.periods).toEqual([{ org: 'A1', kind: 'home', from: '2020-01-01', to: null }]);
    expect(corrected).toMatchObject({
      corrected: { status: 'left', since: daysAgo(2), reason: '本人申请' },
      reopenedHome: { org: 'A1', kind: 'home', from: '2020-01-01', to: null },
      newCardNeeded: true,
      revokedCards: [card.csn],
      endedMobilePeriods: [],
      cancelledTransfers: [],
    });
    expect(await memberView(t, member)).toEqual(corrected.member);
    expect(corrected.member.cards).toEqual([expect.objectContaining({ csn: card.csn, status: 'revoked' })]);

    const trail = await statusTrail(t, 'A1', member);
    expect(trail.map((entry) => [entry.action, entry.actor, entry.org])).toEqual([
      ['member.status', 'user:admin', 'A1'],
      ['member.status', 'user:admin', 'A1'],
      ['member.status.correct', 'user:admin', 'A1'],
    ]);
    expect(trail[2]?.summary).toEqual({
      before: { status: 'left', since: daysAgo(2), reason: '本人申请' },
      after: { status: 'suspended', since: daysAgo(10), reason: '立案审查期间' },
      reason: '登记错了人，应为同名的另一位党员',
      corrects: trail[1]?.id,
      reopenedHomePeriod: expect.any(Number),
    });

    const tapped = await kiosk.checkin(card, meeting, { at: new Date(t.clock.now().getTime() + 60_000).toISOString() });
    expect((await ingest(t, kiosk.kiosk, [tapped])).map((receipt) => receipt.code ?? receipt.status)).toEqual(['ERR_CARD_REVOKED']);
  });

  it('a member recorded as deceased by mistake is active again and on the kiosk roster; the mobile registration and the letter the change ended stay ended', async () => {
    const member = await createMember(t, 'A1', { since: '2020-01-01' });
    const mobile = expectOk(
      await t.call('POST', `/api/v1/members/${member.memberNumber}/mobile-periods`, { token: admin, json: { org: 'B1', from: '2020-06-01', reason: '外出务工' } }),
      201,
      MobilePeriodSchema,
    );
    const letter = await issued(t, member.memberNumber, 'A2');
    const kiosk = await t.enrollKiosk('A1');
    expectOk(await changeStatus(t, admin, member.memberNumber, { status: 'deceased', on: daysAgo(1), reason: '因病去世' }), 200, MemberSchema);

    const corrected = expectOk(await correct(t, admin, member.memberNumber, { reason: '本人健在，误报' }), 200, MemberStatusCorrectionSchema);
    expect(corrected.member).toMatchObject({ status: 'active', statusSince: null, statusReason: null, homeOrg: 'A1', cards: [] });
    expect(corrected).toMatchObject({
      corrected: { status: 'deceased', since: daysAgo(1), reason: '因病去世' },
      reopenedHome: { org: 'A1', from: '2020-01-01', to: null },
      newCardNeeded: false,
      endedMobilePeriods: [mobile.id],
      cancelledTransfers: [letter.id],
    });
    expect(corrected.member.periods).toEqual([
      { org: 'A1', kind: 'home', from: '2020-01-01', to: null },
      { org: 'B1', kind: 'mobile', from: '2020-06-01', to: daysAgo(1) },
    ]);
    expect(expectOk(await t.call('GET', `/api/v1/mobile-periods/${mobile.id}`, { token: admin }), 200, MobilePeriodSchema)).toMatchObject({ status: 'ended', to: daysAgo(1) });
    expect(expectOk(await t.call('GET', `/api/v1/transfers/${letter.id}`, { token: admin }), 200, TransferSchema)).toMatchObject({ status: 'cancelled' });
    const config = expectOk(await t.call('GET', '/api/v1/kiosk/config', { token: await t.kioskToken(kiosk) }), 200, KioskConfigSchema);
    expect(config.roster.map((entry) => entry.member)).toContain(member.memberNumber);
    expect((await statusTrail(t, 'A1', member.memberNumber)).map((entry) => [entry.action, entry.summary.after])).toEqual([
      ['member.status', { status: 'deceased', since: daysAgo(1), reason: '因病去世' }],
      ['member.status.correct', { status: 'active', since: null, reason: null }],
    ]);
  });

  it('a corrected member can be recorded as left again, and that mistake corrected again, back to the status before both', async () => {
    const member = await createMember(t, 'A2', { since: '2021-03-01' });
    for (const reason of ['第一次误登记', '第二次误登记']) {
      expectOk(await changeStatus(t, admin, member.memberNumber, { status: 'left', on: today, reason }), 200, MemberSchema);
      expectOk(await correct(t, admin, member.memberNumber, { reason: `更正${reason}` }), 200, MemberStatusCorrectionSchema);
    }
    expect(await memberView(t, member.memberNumber)).toMatchObject({ status: 'active', statusSince: null, statusReason: null, periods: [{ org: 'A2', kind: 'home', from: '2021-03-01', to: null }] });
    expect((await statusTrail(t, 'A2', member.memberNumber)).map((entry) => entry.action)).toEqual(['member.status', 'member.status.correct', 'member.status', 'member.status.correct']);
  });

  describe('refusals change nothing', () => {
    const unchangedTrail = async (org: string, member: TestMember, act: () => Promise<void>): Promise<void> => {
      const before = { view: await memberView(t, member.memberNumber), trail: await statusTrail(t, org, member.memberNumber) };
      await act();
      expect({ view: await memberView(t, member.memberNumber), trail: await statusTrail(t, org, member.memberNumber) }).toEqual(before);
    };

    it('an active or a suspended member: there is nothing to correct', async () => {
      const member = await createMember(t, 'A1', { since: '2020-01-01' });
      await unchangedTrail('A1', member, async () => {
        expectError(await correct(t, admin, member.memberNumber, { reason: '误登记' }), 409, 'ERR_MEMBER_STATUS_NOT_FINAL');
      });
      expectOk(await changeStatus(t, admin, member.memberNumber, { status: 'suspended', on: today, reason: '审查' }), 200, MemberSchema);
      await unchangedTrail('A1', member, async () => {
        expectError(await correct(t, admin, member.memberNumber, { reason: '误登记' }), 409, 'ERR_MEMBER_STATUS_NOT_FINAL');
      });
      expect(await memberView(t, member.memberNumber)).toMatchObject({ status: 'suspended', statusSince: today });
    });

    it('a member given another home period after the change: the earlier one cannot be opened again', async () => {
      const member = await createMember(t, 'A1', { since: '2020-01-01' });
      expectOk(await changeStatus(t, admin, member.memberNumber, { status: 'left', on: daysAgo(3), reason: '出国定居' }), 200, MemberSchema);
      // No route gives a member who left a new home; someone with the data folder did, as an operator's repair might.
      const db = new Database(dataFiles(t.dataDir).database);
      try {
        db.prepare(
          `INSERT INTO membership_periods (member_id, org_id, kind, valid_from, valid_to, created_at)
           SELECT m.id, o.id, 'home', ?, NULL, ? FROM members m, organisations o WHERE m.member_number = ? AND o.code = 'B1'`,
        ).run(daysAgo(1), t.clock.now().toISOString(), member.memberNumber);
      } finally {
        db.close();
      }
      await unchangedTrail('A1', member, async () => {
        const refused = await correct(t, admin, member.memberNumber, { reason: '误登记' });
        expectError(refused, 409, 'ERR_MEMBER_MOVED_SINCE');
        expect((refused.body as { error: { details: unknown } }).error.details).toEqual({ org: 'B1', from: daysAgo(1) });
      });
      expect(await memberView(t, member.memberNumber)).toMatchObject({ status: 'left', statusSince: daysAgo(3) });
    });

    it('an organiser of the home subtree, a secretary, an auditor: only an admin corrects', async () => {
      const member = await createMember(t, 'A1', { since: '2020-01-01' });
      expectOk(await changeStatus(t, admin, member.memberNumber, { status: 'deceased', on: today, reason: '去世' }), 200, MemberSchema);
      await unchangedTrail('A1', member, async () => {
        for (const [role, org] of [['organiser', 'A'], ['organiser', 'CTY'], ['secretary', 'A1'], ['auditor', 'A']] as const) {
          expectError(await correct(t, await userToken(t, role, org), member.memberNumber, { reason: '误登记' }), 403, 'ERR_FORBIDDEN');
        }
      });
    });

    it('no reason, an empty one, a field the route does not know, an unknown member', async () => {
      const member = await createMember(t, 'A1', { since: '2020-01-01' });
      expectOk(await changeStatus(t, admin, member.memberNumber, { status: 'left', on: today, reason: '出国' }), 200, MemberSchema);
      await unchangedTrail('A1', member, async () => {
        expectError(await correct(t, admin, member.memberNumber, {}), 400, 'ERR_VALIDATION');
        expectError(await correct(t, admin, member.memberNumber, { reason: '   ' }), 400, 'ERR_VALIDATION');
        expectError(await correct(t, admin, member.memberNumber, { reason: '误登记', status: 'active' }), 400, 'ERR_VALIDATION');
      });
      expectError(await correct(t, admin, 'NOBODY-1', { reason: '误登记' }), 404, 'ERR_MEMBER_NOT_FOUND');
    });
  });
});

describe('a corrected member is followed by the reminders again at once', () => {
  let t: TestServer;
  let quiet: TestMember;

  beforeAll(async () => {
    t = await startTestServer();
    await createTree(t);
    quiet = await createMember(t, 'A1', { since: '2020-01-01' });
    t.clock.set(new Date(addMonths(t.clock.now(), 3, t.server.context.calendar).getTime() + DAY_MS));
    await fullRun(t);
  });
  afterAll(() => t.close());

  it('the six-month warning resolved by the mistaken leaving is raised again right after the correction, without waiting for the hourly run', async () => {
    const subject = `member:${(await t.server.context.read.members.byNumber(quiet.memberNumber))!.id}`;
    expect(liveFinding(t, 'six-month', subject)).toMatchObject({ severity: 'warning' });
    const admin = await t.adminToken();
    expectOk(await changeStatus(t, admin, quiet.memberNumber, { status: 'left', on: t.today(), reason: '本人申请退党' }), 200, MemberSchema);
    await settled(t);
    expect(liveFinding(t, 'six-month', subject)).toBeUndefined();
    expectOk(await correct(t, admin, quiet.memberNumber, { reason: '登记错了人' }), 200, MemberStatusCorrectionSchema);
    await settled(t);
    expect(liveFinding(t, 'six-month', subject)).toMatchObject({ severity: 'warning' });
  });
});
