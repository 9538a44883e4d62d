import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssuerKeyFile } from '../../shared/issuance/issuer-key.ts';
import { DAY_MS } from '../../server/clock.ts';
import { addMonths } from '../../server/domain/diagnostics/calendar.ts';
import { addDays } from '../../shared/org-calendar.ts';
import { DEFAULT_TIME_ZONE, OrgCalendar } from '../../shared/org-calendar.ts';
import { MobilePeriodSchema } from '../../server/schemas/mobile-periods.ts';
import { createMember, createTree, registeredIssuer, type TestMember } from './support/fixtures.ts';
import { expectOk } from './support/http.ts';
import { ingest, issueCard, KioskSigner, registerCard, type TestCard } from './support/ingest-world.ts';
import { checkedIn, findingsOf, fullRun, heldAtKiosk, liveFinding, orgId, scheduled, settled } from './support/diagnostics-world.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { act, issued } from './support/transfer-world.ts';

const HOUR_MS = 3_600_000;
/** The servers here run in the default zone: days and months are counted as the organisation in China counts them. */
const calendar = new OrgCalendar(DEFAULT_TIME_ZONE);
const day = (date: Date): string => calendar.dayOf(date);
const later = (base: Date, { months = 0, days = 0, hours = 0 }: { months?: number; days?: number; hours?: number }): Date =>
  new Date(addMonths(base, months, calendar).getTime() + days * DAY_MS + hours * HOUR_MS);
/** `hours` into the organisation's day `days` after the day of `base`: reminders count whole days there. */
const intoDay = (base: Date, days: number, hours: number): Date => new Date(calendar.startOfDay(addDays(day(base), days)).getTime() + hours * HOUR_MS);

async function memberId(t: TestServer, member: TestMember): Promise<number> {
  return (await t.server.context.read.members.byNumber(member.memberNumber))!.id;
}

async function cardFor(t: TestServer, issuer: IssuerKeyFile, org: string): Promise<TestCard> {
  const card = await issueCard(issuer, await createMember(t, org, { since: '2020-01-01' }));
  await registerCard(t, card);
  return card;
}

describe('meeting cadence: due soon, overdue, missed, and resolved when the meeting happens', () => {
  let t: TestServer;
  let issuer: IssuerKeyFile;
  let kiosk: KioskSigner;
  let due: Date;
  let committeeMeeting: string;

  beforeAll(async () => {
    t = await startTestServer();
    await createTree(t);
    issuer = await registeredIssuer(t);
    kiosk = new KioskSigner(await t.enrollKiosk('A1'));
    // The branches were created now: a monthly meeting is first due a calendar month later.
    due = addMonths(new Date((await t.server.context.read.orgs.byCode('A1'))!.createdAt), 1, calendar);
  });
  afterAll(() => t.close());

  it('when a monthly meeting is due within a week and none is planned, the branch hears it is due soon; one planned before the due date quiets it', async () => {
    t.clock.set(later(due, { days: -3 }));
    committeeMeeting = await scheduled(t, 'A1', 'committee', later(due, { days: -1 }));
    await fullRun(t);

    expect(liveFinding(t, 'meeting-cadence', `org:${await orgId(t, 'A1')}:group`)).toMatchObject({
      org: 'A1',
      severity: 'info',
      episode: day(due),
      people: [],
      facts: { kind: 'group', cadence: 'P1M', lastHeld: null, due: day(due), daysOverdue: 0, state: 'due-soon' },
    });
    const a1 = findingsOf(t, { rule: 'meeting-cadence' }).filter((finding) => finding.org === 'A1');
    expect(a1.map((finding) => finding.facts.kind).sort()).toEqual(['group', 'theme_day']);
    // Committees (organisation kind) have no required meetings by default; the quarterly general meeting is not near.
    expect(findingsOf(t, { rule: 'meeting-cadence' }).map((finding) => finding.org).sort()).toEqual(['A1', 'A1', 'A2', 'A2', 'A2', 'B1', 'B1', 'B1']);
  });

  it('from the day after the due date the meeting is overdue, and a scheduled meeting nobody checked in at does not count as held', async () => {
    t.clock.set(intoDay(due, 1, 1));
    await fullRun(t);
    const a1 = await orgId(t, 'A1');
    expect(liveFinding(t, 'meeting-cadence', `org:${a1}:group`)).toMatchObject({ severity: 'warning', facts: { state: 'overdue', daysOverdue: 1 } });
    expect(liveFinding(t, 'meeting-cadence', `org:${a1}:committee`)).toMatchObject({ severity: 'warning', episode: day(due), facts: { state: 'overdue', lastHeld: null } });
  });

  it('a scheduled meeting a kiosk closed with nobody checked in does not count as held either', async () => {
    const a1 = await orgId(t, 'A1');
    const themeDay = await scheduled(t, 'A1', 'theme_day', later(due, { days: -2 }));
    const closed = await ingest(t, kiosk.kiosk, [await kiosk.sign({ type: 'meeting.close', meeting: themeDay }, { at: t.clock.now().toISOString() })]);
    expect(closed.map((receipt) => receipt.status)).toEqual(['accepted']);
    await fullRun(t);
    expect(liveFinding(t, 'meeting-cadence', `org:${a1}:theme_day`)).toMatchObject({ severity: 'warning', facts: { state: 'overdue', lastHeld: null } });
  });

  it('overdue for more than thirty days, the same finding escalates to missed', async () => {
    const a1 = await orgId(t, 'A1');
    const overdue = liveFinding(t, 'meeting-cadence', `org:${a1}:group`)!;
    t.clock.set(intoDay(due, 31, 1));
    await fullRun(t);
    const missed = liveFinding(t, 'meeting-cadence', `org:${a1}:group`)!;
    expect(missed).toMatchObject({ id: overdue.id, severity: 'serious', facts: { state: 'missed', daysOverdue: 31 } });
  });

  it('when the kiosk opens the meeting, the finding resolves itself after the batch, without waiting for the schedule', async () => {
    const a1 = await orgId(t, 'A1');
    const missed = liveFinding(t, 'meeting-cadence', `org:${a1}:group`)!;
    await heldAtKiosk(t, kiosk, 'group');
    await settled(t);
    expect(liveFinding(t, 'meeting-cadence', `org:${a1}:group`)).toBeUndefined();
    expect(findingsOf(t, { rule: 'meeting-cadence', all: true }).find((finding) => finding.id === missed.id)).toMatchObject({ status: 'resolved', resolvedBy: null });
    // Another branch's meeting is not A1's: A2 still owes its group meeting.
    expect(liveFinding(t, 'meeting-cadence', `org:${await orgId(t, 'A2')}:group`)).toMatchObject({ severity: 'serious' });
  });

  it('members checking in at the scheduled meeting make it held: the due date moves to a month after it, a new episode', async () => {
    const a1 = await orgId(t, 'A1');
    const before = liveFinding(t, 'meeting-cadence', `org:${a1}:committee`)!;
    await checkedIn(t, kiosk, committeeMeeting, [await cardFor(t, issuer, 'A1')]);
    await settled(t);
    const heldOn = later(due, { days: -1 });
    const next = addMonths(heldOn, 1, calendar);
    const after = liveFinding(t, 'meeting-cadence', `org:${a1}:committee`)!;
    expect(after.id).not.toBe(before.id);
    expect(after).toMatchObject({ episode: day(next), severity: 'warning', facts: { lastHeld: day(heldOn), due: day(next), state: 'overdue' } });
  });
});

describe('six-month rule: 3, 5 and 6 months without participation anywhere; a check-in anywhere resolves it', () => {
  let t: TestServer;
  let issuer: IssuerKeyFile;
  let elsewhere: KioskSigner;
  let start: Date;
  let card: TestCard;
  let quiet: TestMember;

  beforeAll(async () => {
    t = await startTestServer();
    await createTree(t);
    issuer = await registeredIssuer(t);
    elsewhere = new KioskSigner(await t.enrollKiosk('B1'));
    start = t.clock.now();
    card = await cardFor(t, issuer, 'A1');
    quiet = await createMember(t, 'A1', { since: '2020-01-01' });
  });
  afterAll(() => t.close());

  it('a new member is not counted from before they were registered here', async () => {
    t.clock.set(later(start, { months: 2, days: 27 }));
    await fullRun(t);
    expect(findingsOf(t, { rule: 'six-month' })).toEqual([]);
  });

  it('after 3 months without participation the home branch gets a warning naming the member', async () => {
    t.clock.set(later(start, { months: 3, days: 1 }));
    await fullRun(t);
    const id = await memberId(t, card.member);
    expect(liveFinding(t, 'six-month', `member:${id}`)).toMatchObject({
      org: 'A1',
      severity: 'warning',
      episode: `since:${day(start)}`,
      people: [id],
      facts: { lastParticipation: null, since: day(start), months: 3 },
    });
    expect(liveFinding(t, 'six-month', `member:${await memberId(t, quiet)}`)).toMatchObject({ severity: 'warning' });
  });

  it('at 5 months the same finding becomes serious, at 6 months critical', async () => {
    const id = await memberId(t, card.member);
    const warning = liveFinding(t, 'six-month', `member:${id}`)!;
    t.clock.set(later(start, { months: 5, days: 1 }));
    await fullRun(t);
    expect(liveFinding(t, 'six-month', `member:${id}`)).toMatchObject({ id: warning.id, severity: 'serious', facts: { months: 5 } });
    t.clock.set(later(start, { months: 6, days: 1 }));
    await fullRun(t);
    expect(liveFinding(t, 'six-month', `member:${id}`)).toMatchObject({ id: warning.id, severity: 'critical', facts: { months: 6 } });
  });

  it('a check-in at another organisation’s meeting resolves it right after the batch; the quiet member’s stays', async () => {
    const id = await memberId(t, card.member);
    await heldAtKiosk(t, elsewhere, 'group', [card]);
    await settled(t);
    expect(liveFinding(t, 'six-month', `member:${id}`)).toBeUndefined();
    expect(liveFinding(t, 'six-month', `member:${await memberId(t, quiet)}`)).toMatchObject({ severity: 'critical' });
  });

  it('three months after that check-in, a new episode starts from the day of it', async () => {
    const checkin = t.clock.now();
    t.clock.set(later(checkin, { months: 3, days: 1 }));
    await fullRun(t);
    const id = await memberId(t, card.member);
    expect(liveFinding(t, 'six-month', `member:${id}`)).toMatchObject({
      severity: 'warning',
      episode: day(checkin),
      facts: { lastParticipation: day(checkin), since: day(checkin), months: 3 },
    });
  });
});

/**
 * 01:00 on 31 January in Beijing is still 30 January in UTC. Counted on Beijing's calendar, three months after
 * it come at 01:00 on 30 April there (the last day of April), i.e. 17:00 UTC on 29 April; counted in UTC they
 * would come only at 17:00 UTC on 30 April. A year ahead of the real clock, so the kiosk's credentials are valid.
 */
describe('six-month rule: months are counted on the organisation’s calendar', () => {
  const year = new Date().getUTCFullYear() + 1;
  const at = (time: string): Date => new Date(`${year}-${time}`);
  const servers: TestServer[] = [];
  afterAll(async () => {
    for (const t of servers) await t.close();
  });

  it('a check-in at 17:00 UTC on 30 January is on 31 January in Beijing and warned of from 17:00 UTC on 29 April; in UTC, on 30 January and from 30 April', async () => {
    for (const { timeZone, lastDay, quietUntil, warnedAt } of [
      { timeZone: 'Asia/Shanghai', lastDay: '01-31', quietUntil: '04-29T16:59:00Z', warnedAt: '04-29T17:00:00Z' },
      { timeZone: 'UTC', lastDay: '01-30', quietUntil: '04-30T16:59:00Z', warnedAt: '04-30T17:00:00Z' },
    ]) {
      const t = await startTestServer({ timeZone });
      servers.push(t);
      await createTree(t);
      const issuer = await registeredIssuer(t);
      const kiosk = new KioskSigner(await t.enrollKiosk('B1'));
      const card = await cardFor(t, issuer, 'A1');
      const subject = `member:${await memberId(t, card.member)}`;
      t.clock.set(at('01-30T17:00:00Z'));
      await heldAtKiosk(t, kiosk, 'group', [card]);

      t.clock.set(at(quietUntil));
      await fullRun(t);
      expect(liveFinding(t, 'six-month', subject), timeZone).toBeUndefined();

      t.clock.set(at(warnedAt));
      await fullRun(t);
      expect(liveFinding(t, 'six-month', subject), timeZone).toMatchObject({
        severity: 'warning',
        episode: `${year}-${lastDay}`,
        facts: { lastParticipation: `${year}-${lastDay}`, since: `${year}-${lastDay}`, months: 3 },
      });
    }
  });
});

describe('a finding a person resolved stays resolved while its severity does not rise', () => {
  let t: TestServer;
  let start: Date;
  let member: TestMember;

  beforeAll(async () => {
    t = await startTestServer();
    await createTree(t);
    start = t.clock.now();
    member = await createMember(t, 'B1', { since: '2020-01-01' });
  });
  afterAll(() => t.close());

  it('is not reopened by later runs at the same severity, and a new finding opens when it escalates', async () => {
    const subject = `member:${await memberId(t, member)}`;
    t.clock.set(later(start, { months: 3, days: 1 }));
    await fullRun(t);
    const warning = liveFinding(t, 'six-month', subject)!;
    const resolved = await t.call('POST', `/api/v1/findings/${warning.id}/resolve`, { token: await t.adminToken(), json: { note: '已谈话，外出务工' } });
    expect(resolved.status).toBe(200);

    await fullRun(t);
    t.clock.set(later(start, { months: 4, days: 1 }));
    await fullRun(t);
    expect(liveFinding(t, 'six-month', subject)).toBeUndefined();

    t.clock.set(later(start, { months: 5, days: 1 }));
    await fullRun(t);
    const serious = liveFinding(t, 'six-month', subject)!;
    expect(serious).toMatchObject({ severity: 'serious', episode: warning.episode });
    expect(serious.id).not.toBe(warning.id);
    expect(findingsOf(t, { rule: 'six-month', all: true }).filter((finding) => finding.subject === subject)).toHaveLength(2);
  });
});

describe('transfer letters: expiring at the sender, waiting at the receiver, expired unaccepted', () => {
  let t: TestServer;
  let start: Date;
  let member: TestMember;
  let letter: string;

  beforeAll(async () => {
    t = await startTestServer();
    await createTree(t);
    start = t.clock.now();
    member = await createMember(t, 'A1', { since: '2020-01-01' });
    letter = (await issued(t, member.memberNumber, 'B1', 30)).id;
  });
  afterAll(() => t.close());

  it('a letter with weeks left, issued days ago, raises nothing', async () => {
    t.clock.set(later(start, { days: 2 }));
    await fullRun(t);
    expect(findingsOf(t).filter((finding) => finding.subject === `transfer:${letter}`)).toEqual([]);
  });

  it('a week before expiry the sender hears it is expiring; after two weeks unaccepted the receiver hears it is waiting', async () => {
    t.clock.set(later(start, { days: 24 }));
    await fullRun(t);
    const id = await memberId(t, member);
    const expires = later(start, { days: 30 });
    expect(liveFinding(t, 'transfer-expiring', `transfer:${letter}`)).toMatchObject({
      org: 'A1',
      severity: 'warning',
      episode: day(expires),
      people: [id],
      facts: { from: 'A1', to: 'B1', daysLeft: 6 },
    });
    expect(liveFinding(t, 'transfer-waiting', `transfer:${letter}`)).toMatchObject({ org: 'B1', severity: 'warning', facts: { from: 'A1', to: 'B1', daysWaiting: 24 } });
  });

  it('once it has expired unaccepted, the sender gets a serious finding and the other two resolve', async () => {
    t.clock.set(later(start, { days: 31 }));
    await fullRun(t);
    expect(liveFinding(t, 'transfer-expired', `transfer:${letter}`)).toMatchObject({ org: 'A1', severity: 'serious', facts: { from: 'A1', to: 'B1' } });
    expect(liveFinding(t, 'transfer-expiring', `transfer:${letter}`)).toBeUndefined();
    expect(liveFinding(t, 'transfer-waiting', `transfer:${letter}`)).toBeUndefined();
  });

  it('a new letter for the member settles the expired one at once; accepting the new one leaves nothing', async () => {
    const next = (await issued(t, member.memberNumber, 'B1', 30)).id;
    await settled(t);
    expect(liveFinding(t, 'transfer-expired', `transfer:${letter}`)).toBeUndefined();
    t.clock.set(later(start, { days: 31 + 15 }));
    await fullRun(t);
    expect(liveFinding(t, 'transfer-waiting', `transfer:${next}`)).toMatchObject({ org: 'B1', facts: { daysWaiting: 15 } });
    expect((await act(t, await t.adminToken(), next, 'accept')).status).toBe(200);
    await settled(t);
    expect(findingsOf(t).filter((finding) => finding.subject.startsWith('transfer:'))).toEqual([]);
  });

  it('an expired letter is a finding only within the lookback (90 days by default)', async () => {
    const other = await createMember(t, 'A2', { since: '2020-01-01' });
    const issuedAt = t.clock.now();
    const lapsed = (await issued(t, other.memberNumber, 'B1', 10)).id;
    t.clock.set(later(issuedAt, { days: 10 + 89 }));
    await fullRun(t);
    expect(liveFinding(t, 'transfer-expired', `transfer:${lapsed}`)).toMatchObject({ org: 'A2' });
    t.clock.set(later(issuedAt, { days: 10 + 91 }));
    await fullRun(t);
    expect(liveFinding(t, 'transfer-expired', `transfer:${lapsed}`)).toBeUndefined();
  });
});

describe('mobile members: registrations about to lapse, and mobile members never seen at the host', () => {
  let t: TestServer;
  let issuer: IssuerKeyFile;
  let host: KioskSigner;
  let start: Date;
  let card: TestCard;
  let period: number;

  beforeAll(async () => {
    t = await startTestServer();
    await createTree(t);
    issuer = await registeredIssuer(t);
    host = new KioskSigner(await t.enrollKiosk('B1'));
    start = t.clock.now();
    card = await cardFor(t, issuer, 'A1');
    const body = { org: 'B1', from: day(start), to: day(later(start, { days: 20 })), reason: '外出务工' };
    period = expectOk(await t.call('POST', `/api/v1/members/${card.member.memberNumber}/mobile-periods`, { token: await t.adminToken(), json: body }), 201, MobilePeriodSchema).id;
  });
  afterAll(() => t.close());

  it('two weeks before the registration ends, the host hears it is lapsing', async () => {
    t.clock.set(later(start, { days: 7 }));
    await fullRun(t);
    expect(liveFinding(t, 'mobile-lapsing', `mobile:${period}`)).toMatchObject({
      org: 'B1',
      severity: 'info',
      episode: day(later(start, { days: 20 })),
      people: [await memberId(t, card.member)],
      facts: { home: 'A1', host: 'B1', validFrom: day(start), validTo: day(later(start, { days: 20 })), lastAtHost: null },
    });
    expect(liveFinding(t, 'mobile-inactive', `mobile:${period}`)).toBeUndefined();
  });

  it('extending the registration resolves the lapsing finding at once', async () => {
    const to = day(later(start, { days: 120 }));
    expect((await t.call('POST', `/api/v1/mobile-periods/${period}/extend`, { token: await t.adminToken(), json: { to } })).status).toBe(200);
    await settled(t);
    expect(liveFinding(t, 'mobile-lapsing', `mobile:${period}`)).toBeUndefined();
  });

  it('sixty days registered without a check-in at the host makes the member inactive there; a check-in at the host resolves it', async () => {
    t.clock.set(later(start, { days: 61 }));
    await fullRun(t);
    expect(liveFinding(t, 'mobile-inactive', `mobile:${period}`)).toMatchObject({ org: 'B1', severity: 'warning', episode: day(start), facts: { lastAtHost: null } });
    await heldAtKiosk(t, host, 'group', [card]);
    await settled(t);
    expect(liveFinding(t, 'mobile-inactive', `mobile:${period}`)).toBeUndefined();
  });
});

describe('thresholds: configured for a subtree, inherited below it, overridden deeper', () => {
  let t: TestServer;
  let start: Date;
  const members: Record<string, TestMember> = {};

  beforeAll(async () => {
    t = await startTestServer();
    await createTree(t);
    start = t.clock.now();
    for (const org of ['A1', 'A2', 'B1']) members[org] = await createMember(t, org, { since: '2020-01-01' });
    const write = t.server.context.write.findings;
    const actor = { label: 'test', userId: null };
    const at = start.toISOString();
    await write.setThresholds({ orgId: await orgId(t, 'A'), orgKind: null, family: 'six-month', settings: { warnMonths: 2 }, actor, at });
    await write.setThresholds({ orgId: await orgId(t, 'A2'), orgKind: null, family: 'six-month', settings: { warnMonths: 4 }, actor, at });
    await write.setThresholds({ orgId: await orgId(t, 'A'), orgKind: 'branch', family: 'meeting-cadence', settings: { every: { lecture: 'P2W' } }, actor, at });
  });
  afterAll(() => t.close());

  const severityOf = async (org: string) => liveFinding(t, 'six-month', `member:${await memberId(t, members[org]!)}`)?.severity;

  it('a number set at a committee holds for its branches, and a branch’s own number wins over it', async () => {
    t.clock.set(later(start, { months: 2, days: 1 }));
    await fullRun(t);
    expect([await severityOf('A1'), await severityOf('A2'), await severityOf('B1')]).toEqual(['warning', undefined, undefined]);
    t.clock.set(later(start, { months: 4, days: 1 }));
    await fullRun(t);
    expect([await severityOf('A1'), await severityOf('A2'), await severityOf('B1')]).toEqual(['warning', 'warning', 'warning']);
  });

  it('a cadence set for branches under a committee adds that kind there and keeps the other kinds', async () => {
    const lectures = findingsOf(t, { rule: 'meeting-cadence' }).filter((finding) => finding.facts.kind === 'lecture');
    expect(lectures.map((finding) => finding.org).sort()).toEqual(['A1', 'A2']);
    expect(lectures[0]!.facts.cadence).toBe('P2W');
    const b1Kinds = findingsOf(t, { rule: 'meeting-cadence' }).filter((finding) => finding.org === 'B1').map((finding) => finding.facts.kind);
    expect(b1Kinds.sort()).toEqual(['committee', 'general_meeting', 'group', 'theme_day']);
  });
});
