import { importJWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssuerKeyFile } from '../../shared/issuance/issuer-key.ts';
import { verifyRevocationList } from '../../shared/verify/revocation.ts';
import { DAY_MS } from '../../server/clock.ts';
import { addMonths } from '../../server/domain/diagnostics/calendar.ts';
import { AuditListSchema } from '../../server/schemas/audit.ts';
import { RevocationsSchema } from '../../server/schemas/cards.ts';
import { KioskConfigSchema, ServerPublicKeySchema } from '../../server/schemas/kiosks.ts';
import { MemberSchema } from '../../server/schemas/members.ts';
import { MobilePeriodSchema } from '../../server/schemas/mobile-periods.ts';
import { TransferSchema } from '../../server/schemas/transfers.ts';
import { createMember, createTree, registeredIssuer, userToken, type TestMember } from './support/fixtures.ts';
import { expectError, expectOk } from './support/http.ts';
import { fullRun, liveFinding, settled } from './support/diagnostics-world.ts';
import { ingest, issueCard, KioskSigner, registerCard, scheduleMeeting, type TestCard } from './support/ingest-world.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { issued } from './support/transfer-world.ts';
import { changeStatus, memberView } from './support/member-status-calls.ts';

/** The UTC day of an instant: what the tests of the organisation's day compare it with. */
const utcDayOf = (date: Date): string => date.toISOString().slice(0, 10);

async function auditOf(t: TestServer, org: string, targetId: string) {
  const { entries } = expectOk(await t.call('GET', `/api/v1/audit?org=${org}`, { token: await t.adminToken() }), 200, AuditListSchema);
  return entries.filter((entry) => entry.targetId === targetId).reverse();
}

async function cardOf(t: TestServer, issuer: IssuerKeyFile, org: string): Promise<TestCard> {
  const card = await issueCard(issuer, await createMember(t, org, { since: '2020-01-01' }));
  await registerCard(t, card);
  return card;
}

describe('member status: suspended, reinstated, left, deceased', () => {
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

  it('suspending keeps the card and the home period; reinstating makes the member active again; each change keeps its day and reason and is audited', async () => {
    const card = await cardOf(t, issuer, 'A1');
    const member = card.member.memberNumber;

    const suspended = expectOk(await changeStatus(t, admin, member, { status: 'suspended', on: daysAgo(3), reason: '立案审查期间' }), 200, MemberSchema);
    expect(suspended).toMatchObject({ status: 'suspended', statusSince: daysAgo(3), statusReason: '立案审查期间', homeOrg: 'A1' });
    expect(suspended.periods).toEqual([{ org: 'A1', kind: 'home', from: '2020-01-01', to: null }]);
    expect(suspended.cards.map((c) => c.status)).toEqual(['active']);

    const reinstated = expectOk(await changeStatus(t, admin, member, { status: 'active', on: today, reason: '审查结束，恢复' }), 200, MemberSchema);
    expect(reinstated).toMatchObject({ status: 'active', statusSince: today, statusReason: '审查结束，恢复' });
    expect(await memberView(t, member)).toEqual(reinstated);

    const trail = (await auditOf(t, 'A1', member)).filter((entry) => entry.action === 'member.status');
    expect(trail.map((entry) => ({ actor: entry.actor, org: entry.org, summary: entry.summary }))).toEqual([
      { actor: 'user:admin', org: 'A1', summary: { before: { status: 'active', since: null }, after: { status: 'suspended', since: daysAgo(3), reason: '立案审查期间' } } },
      { actor: 'user:admin', org: 'A1', summary: { before: { status: 'suspended', since: daysAgo(3) }, after: { status: 'active', since: today, reason: '审查结束，恢复' } } },
    ]);
  });

  it('when a member dies, the home period and the mobile registration end that day, the open letter is cancelled and the card is revoked onto the signed list, each audited', async () => {
    const card = await cardOf(t, issuer, 'A1');
    const member = card.member.memberNumber;
    const mobile = expectOk(
      await t.call('POST', `/api/v1/members/${member}/mobile-periods`, { token: admin, json: { org: 'B1', from: '2020-06-01', reason: '外出务工' } }),
      201,
      MobilePeriodSchema,
    );
    const letter = await issued(t, member, 'A2');
    const died = daysAgo(2);

    const changed = expectOk(await changeStatus(t, admin, member, { status: 'deceased', on: died, reason: '因病去世' }), 200, MemberSchema);
    expect(changed).toMatchObject({ status: 'deceased', statusSince: died, statusReason: '因病去世', homeOrg: null });
    expect(changed.periods).toEqual([
      { org: 'A1', kind: 'home', from: '2020-01-01', to: died },
      { org: 'B1', kind: 'mobile', from: '2020-06-01', to: died },
    ]);
    expect(changed.cards).toEqual([expect.objectContaining({ csn: card.csn, status: 'revoked', statusChangedAt: t.clock.now().toISOString() })]);
    expect(expectOk(await t.call('GET', `/api/v1/mobile-periods/${mobile.id}`, { token: admin }), 200, MobilePeriodSchema)).toMatchObject({ status: 'ended', to: died, endedEarly: true });
    expect(expectOk(await t.call('GET', `/api/v1/transfers/${letter.id}`, { token: admin }), 200, TransferSchema)).toMatchObject({ status: 'cancelled' });

    const { jws } = expectOk(await t.call('GET', '/api/v1/revocations'), 200, RevocationsSchema);
    const serverKey = expectOk(await t.call('GET', '/api/v1/server-key'), 200, ServerPublicKeySchema);
    const list = await verifyRevocationList(jws, await importJWK({ kty: serverKey.kty, crv: serverKey.crv, x: serverKey.x }, 'EdDSA'));
    expect(list.lookup(card.csn)).toMatchObject({ reason: 'revoked' });

    const memberTrail = await auditOf(t, 'A1', member);
    expect(memberTrail.find((entry) => entry.action === 'member.status')?.summary).toEqual({
      before: { status: 'active', since: null },
      after: { status: 'deceased', since: died, reason: '因病去世' },
      revokedCards: [card.csn],
      endedMobilePeriods: [mobile.id],
      cancelledTransfers: [letter.id],
    });
    expect((await auditOf(t, 'A1', card.csn)).map((entry) => [entry.action, entry.summary.after])).toEqual([
      ['card.register', expect.anything()],
      ['card.revoke', { status: 'revoked' }],
    ]);
    expect((await auditOf(t, 'A1', letter.id)).map((entry) => [entry.action, entry.summary.after])).toEqual([
      ['transfer.issue', expect.anything()],
      ['transfer.cancel', { status: 'cancelled', reason: '因病去世' }],
    ]);
  });

  it('a deceased member’s card is refused at the kiosk: a check-in signed after the change is rejected ERR_CARD_REVOKED, one tapped before it still counts, and the kiosk’s configuration lists the card', async () => {
    const card = await cardOf(t, issuer, 'A1');
    const meeting = await scheduleMeeting(t, 'A1');
    const kiosk = new KioskSigner(await t.enrollKiosk('A1'));
    const before = await kiosk.checkin(card, meeting, { at: new Date(t.clock.now().getTime() - 60_000).toISOString() });

    expectOk(await changeStatus(t, admin, card.member.memberNumber, { status: 'deceased', on: today, reason: '去世' }), 200, MemberSchema);
    const after = await kiosk.checkin(card, meeting, { at: new Date(t.clock.now().getTime() + 60_000).toISOString() });
    const receipts = await ingest(t, kiosk.kiosk, [before, after]);
    expect(receipts.map((receipt) => receipt.code ?? receipt.status)).toEqual(['accepted', 'ERR_CARD_REVOKED']);

    const config = expectOk(await t.call('GET', '/api/v1/kiosk/config', { token: await t.kioskToken(kiosk.kiosk) }), 200, KioskConfigSchema);
    const serverKey = expectOk(await t.call('GET', '/api/v1/server-key'), 200, ServerPublicKeySchema);
    const list = await verifyRevocationList(config.revocations, await importJWK({ kty: serverKey.kty, crv: serverKey.crv, x: serverKey.x }, 'EdDSA'));
    expect(list.lookup(card.csn)).toMatchObject({ reason: 'revoked' });
    expect(config.roster.map((entry) => entry.member)).not.toContain(card.member.memberNumber);
  });

  it('a member who left is no longer listed at the home branch, keeps the history there, and stays visible to its organisers', async () => {
    const member = await createMember(t, 'A2', { since: '2019-05-01' });
    const organiserA = await userToken(t, 'organiser', 'A');
    const left = expectOk(await changeStatus(t, organiserA, member.memberNumber, { status: 'left', on: daysAgo(1), reason: '出国定居，本人申请' }), 200, MemberSchema);
    expect(left.periods).toEqual([{ org: 'A2', kind: 'home', from: '2019-05-01', to: daysAgo(1) }]);
    const listed = (await t.call('GET', '/api/v1/members?org=A2', { token: organiserA })).body as { members: { memberNumber: string }[] };
    expect(listed.members.map((entry) => entry.memberNumber)).not.toContain(member.memberNumber);
    expect(expectOk(await t.call('GET', `/api/v1/members/${member.memberNumber}`, { token: organiserA }), 200, MemberSchema).status).toBe('left');
  });

  it('today is the organisation’s day: at 23:30 UTC it is 07:30 the next morning in Beijing, so that day is accepted and the day after it refused', async () => {
    const real = t.clock.now();
    const utcDay = utcDayOf(real);
    const next = (day: string): string => utcDayOf(new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS));
    t.clock.set(new Date(`${utcDay}T23:30:00.000Z`));
    try {
      const other = await createMember(t, 'A1', { since: '2020-01-01' });
      const token = await t.adminToken();
      expectOk(await changeStatus(t, token, other.memberNumber, { status: 'suspended', on: next(utcDay), reason: '审查' }), 200, MemberSchema);
      expect(await memberView(t, other.memberNumber)).toMatchObject({ status: 'suspended', statusSince: next(utcDay) });
      const refused = await changeStatus(t, token, other.memberNumber, { status: 'active', on: next(next(utcDay)), reason: '恢复' });
      expectError(refused, 422, 'ERR_MEMBER_STATUS_DATE_INVALID');
      expect(refused.body).toMatchObject({ error: { details: { today: next(utcDay) } } });
    } finally {
      t.clock.set(real);
    }
  });

  it('a day begun elsewhere but not yet in Beijing is after today: at 12:00 UTC (20:00 in Beijing) the next day is refused', async () => {
    const real = t.clock.now();
    const utcDay = utcDayOf(real);
    const nextDay = utcDayOf(new Date(Date.parse(`${utcDay}T00:00:00Z`) + DAY_MS));
    // Already the next day east of UTC+12, but not in Beijing.
    t.clock.set(new Date(`${utcDay}T12:00:00.000Z`));
    try {
      const other = await createMember(t, 'A1', { since: '2020-01-01' });
      const refused = await changeStatus(t, await t.adminToken(), other.memberNumber, { status: 'suspended', on: nextDay, reason: '审查' });
      expectError(refused, 422, 'ERR_MEMBER_STATUS_DATE_INVALID');
      expect(refused.body).toMatchObject({ error: { details: { today: utcDay } } });
      expectOk(await changeStatus(t, await t.adminToken(), other.memberNumber, { status: 'suspended', on: utcDay, reason: '审查' }), 200, MemberSchema);
    } finally {
      t.clock.set(real);
    }
  });

  describe('refusals change nothing', () => {
    let member: TestMember;
    beforeAll(async () => {
      member = await createMember(t, 'A1', { since: '2020-01-01' });
    });
    const unchanged = async () => expect(await memberView(t, member.memberNumber)).toMatchObject({ status: 'active', statusSince: null, periods: [{ org: 'A1', kind: 'home', from: '2020-01-01', to: null }] });

    it('an unknown member, a status that does not exist, a missing reason, a malformed day', async () => {
      expectError(await changeStatus(t, admin, 'NOBODY-1', { status: 'left', on: today, reason: 'x' }), 404, 'ERR_MEMBER_NOT_FOUND');
      expectError(await changeStatus(t, admin, member.memberNumber, { status: 'expelled', on: today, reason: 'x' }), 400, 'ERR_VALIDATION');
      expectError(await changeStatus(t, admin, member.memberNumber, { status: 'left', on: today }), 400, 'ERR_VALIDATION');
      expectError(await changeStatus(t, admin, member.memberNumber, { status: 'left', on: today, reason: '   ' }), 400, 'ERR_VALIDATION');
      expectError(await changeStatus(t, admin, member.memberNumber, { status: 'left', on: '2024-02-30', reason: 'x' }), 400, 'ERR_VALIDATION');
      await unchanged();
    });

    it('the status the member already has', async () => {
      expectError(await changeStatus(t, admin, member.memberNumber, { status: 'active', on: today, reason: '重复' }), 409, 'ERR_MEMBER_STATUS_UNCHANGED');
      await unchanged();
    });

    it('a day after today, or before the membership began (leaving needs a day after its first)', async () => {
      const tomorrow = t.dayOf(new Date(t.clock.now().getTime() + DAY_MS));
      expectError(await changeStatus(t, admin, member.memberNumber, { status: 'left', on: tomorrow, reason: '下月出国' }), 422, 'ERR_MEMBER_STATUS_DATE_INVALID');
      expectError(await changeStatus(t, admin, member.memberNumber, { status: 'suspended', on: '2019-12-31', reason: 'x' }), 422, 'ERR_MEMBER_STATUS_DATE_INVALID');
      expectError(await changeStatus(t, admin, member.memberNumber, { status: 'left', on: '2020-01-01', reason: 'x' }), 422, 'ERR_MEMBER_STATUS_DATE_INVALID');
      await unchanged();
    });

    it('a day before the status the member has took effect', async () => {
      const other = await createMember(t, 'A1', { since: '2020-01-01' });
      expectOk(await changeStatus(t, admin, other.memberNumber, { status: 'suspended', on: daysAgo(5), reason: '审查' }), 200, MemberSchema);
      expectError(await changeStatus(t, admin, other.memberNumber, { status: 'left', on: daysAgo(6), reason: 'x' }), 422, 'ERR_MEMBER_STATUS_DATE_INVALID');
      expect(await memberView(t, other.memberNumber)).toMatchObject({ status: 'suspended', statusSince: daysAgo(5) });
    });

    it('any change after a member left or died: those are final', async () => {
      const other = await createMember(t, 'A1', { since: '2020-01-01' });
      expectOk(await changeStatus(t, admin, other.memberNumber, { status: 'left', on: daysAgo(1), reason: '出国' }), 200, MemberSchema);
      for (const status of ['active', 'suspended', 'deceased', 'left']) {
        expectError(await changeStatus(t, admin, other.memberNumber, { status, on: today, reason: 'x' }), 409, 'ERR_MEMBER_STATUS_FINAL');
      }
      expect(await memberView(t, other.memberNumber)).toMatchObject({ status: 'left', statusSince: daysAgo(1) });
    });

    it('the host of a mobile member, a secretary of the home branch, an auditor: the home organisation’s department decides', async () => {
      expectOk(await t.call('POST', `/api/v1/members/${member.memberNumber}/mobile-periods`, { token: admin, json: { org: 'B1', from: '2021-01-01' } }), 201, MobilePeriodSchema);
      const body = { status: 'left', on: today, reason: 'x' };
      expectError(await changeStatus(t, await userToken(t, 'organiser', 'B'), member.memberNumber, body), 403, 'ERR_OUT_OF_SCOPE');
      expectError(await changeStatus(t, await userToken(t, 'secretary', 'A1'), member.memberNumber, body), 403, 'ERR_FORBIDDEN');
      expectError(await changeStatus(t, await userToken(t, 'auditor', 'A'), member.memberNumber, body), 403, 'ERR_FORBIDDEN');
      expect(await memberView(t, member.memberNumber)).toMatchObject({ status: 'active', periods: [expect.objectContaining({ kind: 'home', to: null }), expect.objectContaining({ kind: 'mobile', to: null })] });
    });

    it('a change decided against a status that moved meanwhile is refused ERR_MEMBER_STATUS_STALE, writing nothing', async () => {
      const stored = (await t.server.context.read.members.byNumber(member.memberNumber))!;
      const trailBefore = await auditOf(t, 'A1', member.memberNumber);
      await expect(
        t.server.context.write.members.changeStatus({ memberId: stored.id, from: 'suspended', homePeriodId: null, to: 'deceased', on: today, reason: 'x' }, t.clock.now().toISOString(), { label: 'test', userId: null }),
      ).rejects.toMatchObject({ code: 'ERR_MEMBER_STATUS_STALE' });
      expect(await memberView(t, member.memberNumber)).toMatchObject({ status: 'active', periods: [expect.objectContaining({ to: null }), expect.objectContaining({ to: null })] });
      expect(await auditOf(t, 'A1', member.memberNumber)).toEqual(trailBefore);
    });
  });
});

describe('member status and the six-month rule: only active members are chased', () => {
  let t: TestServer;
  let quiet: TestMember;
  let leaving: TestMember;

  beforeAll(async () => {
    t = await startTestServer();
    await createTree(t);
    quiet = await createMember(t, 'A1', { since: '2020-01-01' });
    leaving = await createMember(t, 'A1', { since: '2020-01-01' });
    t.clock.set(new Date(addMonths(t.clock.now(), 3, t.server.context.calendar).getTime() + DAY_MS));
    await fullRun(t);
  });
  afterAll(() => t.close());

  const subject = async (member: TestMember): Promise<string> => `member:${(await t.server.context.read.members.byNumber(member.memberNumber))!.id}`;

  it('the warning for a member who left resolves right after the change, and later runs do not raise it again', async () => {
    expect(liveFinding(t, 'six-month', await subject(leaving))).toMatchObject({ severity: 'warning' });
    expectOk(await changeStatus(t, await t.adminToken(), leaving.memberNumber, { status: 'left', on: t.today(), reason: '本人申请退党' }), 200, MemberSchema);
    await settled(t);
    expect(liveFinding(t, 'six-month', await subject(leaving))).toBeUndefined();
    t.clock.advance(3 * 31 * DAY_MS);
    await fullRun(t);
    expect(liveFinding(t, 'six-month', await subject(leaving))).toBeUndefined();
    expect(liveFinding(t, 'six-month', await subject(quiet))).toMatchObject({ severity: 'critical' });
  });

  it('a suspended member is not chased while suspended, and is again once reinstated', async () => {
    const admin = await t.adminToken();
    const today = t.today();
    expectOk(await changeStatus(t, admin, quiet.memberNumber, { status: 'suspended', on: today, reason: '审查' }), 200, MemberSchema);
    await settled(t);
    expect(liveFinding(t, 'six-month', await subject(quiet))).toBeUndefined();
    expectOk(await changeStatus(t, admin, quiet.memberNumber, { status: 'active', on: today, reason: '恢复' }), 200, MemberSchema);
    await settled(t);
    expect(liveFinding(t, 'six-month', await subject(quiet))).toMatchObject({ severity: 'critical' });
  });
});
