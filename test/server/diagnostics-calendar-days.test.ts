import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FindingDetailSchema } from '../../server/schemas/findings.ts';
import { OrgCalendar } from '../../shared/org-calendar.ts';
import { createMember, createTree } from './support/fixtures.ts';
import { expectOk } from './support/http.ts';
import { fullRun, liveFinding, orgId, scheduled, type FindingRow } from './support/diagnostics-world.ts';
import { TestClock } from './support/test-clock.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { issued } from './support/transfer-world.ts';

/**
 * Reminders count "N days" in whole days of the organisation's calendar, as a secretary counts them: a day
 * begins at a midnight in the organisation's zone, not at the clock time something happened, and not 24 hours
 * after the previous one when the clocks change. Each check sits one minute before or after such a midnight.
 * Berlin moves its clocks forward on 28 March 2027, inside the letter's last week and the meeting's month overdue
 * counted here, so there those days are not all 24 hours long; Beijing keeps one offset.
 */
// The letter issued at 15:00 on 10 March for 20 days is good to the end of 30 March there.
const ZONES = [{ timeZone: 'Asia/Shanghai' }, { timeZone: 'Europe/Berlin' }] as const;

const explanationOf = async (t: TestServer, finding: FindingRow) =>
  expectOk(await t.call('GET', `/api/v1/findings/${finding.id}`, { token: await t.adminToken() }), 200, FindingDetailSchema).explanation;

for (const { timeZone } of ZONES) {
  const calendar = new OrgCalendar(timeZone);
  /** The instant the organisation's clock reads `wall` ('2027-03-10T15:00'). */
  const local = (wall: string): Date => calendar.fromWallClock(new Date(`${wall}:00.000Z`));

  describe(`transfer letters in ${timeZone}: days left, days waiting and the lookback are calendar days there`, () => {
    let t: TestServer;
    let letter: string;
    const expiring = () => liveFinding(t, 'transfer-expiring', `transfer:${letter}`);
    const waiting = () => liveFinding(t, 'transfer-waiting', `transfer:${letter}`);
    const at = async (wall: string) => {
      t.clock.set(local(wall));
      await fullRun(t);
    };

    beforeAll(async () => {
      t = await startTestServer({ timeZone, clock: new TestClock(local('2027-03-10T15:00')) });
      await createTree(t);
      const member = await createMember(t, 'A1', { since: '2020-01-01' });
      letter = (await issued(t, member.memberNumber, 'B1', 20)).id;
    });
    afterAll(() => t.close());

    it('the sender hears of a letter expiring within 7 days from the first minute of the 7th day before its expiry day', async () => {
      await at('2027-03-22T23:59');
      expect(expiring()).toBeUndefined();
      await at('2027-03-23T00:01');
      expect(expiring()).toMatchObject({ org: 'A1', episode: '2027-03-30', facts: { daysLeft: 7 } });
    });

    it('the receiver hears of a letter waiting 14 days from the first minute of the 14th day after the day it was issued', async () => {
      await at('2027-03-23T23:59');
      expect(waiting()).toBeUndefined();
      await at('2027-03-24T00:01');
      expect(waiting()).toMatchObject({ org: 'B1', facts: { daysWaiting: 14 } });
    });

    it('the whole day before its expiry day the letter has 1 day left, at any hour', async () => {
      await at('2027-03-29T00:01');
      expect(expiring()).toMatchObject({ facts: { daysLeft: 1 } });
      const { zh, en } = await explanationOf(t, expiring()!);
      expect(zh.title).toBe('组织关系介绍信还有1天到期');
      expect(zh.why).toContain('还剩1天');
      expect(en.title).toBe('Transfer letter expires in 1 day');
      await at('2027-03-29T23:59');
      expect(expiring()).toMatchObject({ facts: { daysLeft: 1 } });
    });

    it('on its expiry day the letter expires today, and the explanation asks the member to report by the end of the day', async () => {
      await at('2027-03-30T00:01');
      expect(expiring()).toMatchObject({ facts: { daysLeft: 0 } });
      const { zh, en } = await explanationOf(t, expiring()!);
      expect(zh.title).toBe('组织关系介绍信今天到期');
      expect(zh.why).toContain('今天就到期');
      expect(zh.action).toContain('今天之内到“B1”报到');
      expect(en.title).toBe('Transfer letter expires today');
      expect(en.action).toContain('report to B1 by the end of today');
      expect(`${zh.title}${zh.why}${en.title}`).not.toMatch(/0天|0 day/);
    });

    it('a letter that expired unaccepted stays a finding to the last minute of the 90th day after its expiry day', async () => {
      await at('2027-06-28T23:59');
      expect(liveFinding(t, 'transfer-expired', `transfer:${letter}`)).toMatchObject({ org: 'A1', severity: 'serious', episode: '2027-03-30' });
      await at('2027-06-29T00:01');
      expect(liveFinding(t, 'transfer-expired', `transfer:${letter}`)).toBeUndefined();
    });
  });

  describe(`meeting cadence in ${timeZone}: due soon, overdue and missed turn at midnights there`, () => {
    let t: TestServer;
    let committee: string;
    let group: string;
    const at = async (wall: string) => {
      t.clock.set(local(wall));
      await fullRun(t);
    };

    beforeAll(async () => {
      // The branches are created at 10:00 on 20 February: their monthly meetings are due on 20 March.
      t = await startTestServer({ timeZone, clock: new TestClock(local('2027-02-20T10:00')) });
      await createTree(t);
      const a1 = await orgId(t, 'A1');
      committee = `org:${a1}:committee`;
      group = `org:${a1}:group`;
      // A group meeting planned for the afternoon of the due day is in time.
      await scheduled(t, 'A1', 'group', local('2027-03-20T15:00'));
    });
    afterAll(() => t.close());

    it('a meeting due on the 20th is due soon from the first minute of the 13th (7 days before)', async () => {
      await at('2027-03-12T23:59');
      expect(liveFinding(t, 'meeting-cadence', committee)).toBeUndefined();
      await at('2027-03-13T00:01');
      expect(liveFinding(t, 'meeting-cadence', committee)).toMatchObject({ severity: 'info', episode: '2027-03-20', facts: { due: '2027-03-20', state: 'due-soon', daysOverdue: 0 } });
    });

    it('all through the due day it is due soon, not overdue; one planned for that day quiets it', async () => {
      await at('2027-03-20T12:00');
      expect(liveFinding(t, 'meeting-cadence', committee)).toMatchObject({ severity: 'info', facts: { state: 'due-soon' } });
      expect(liveFinding(t, 'meeting-cadence', group)).toBeUndefined();
      await at('2027-03-20T23:59');
      expect(liveFinding(t, 'meeting-cadence', committee)).toMatchObject({ severity: 'info', facts: { state: 'due-soon' } });
    });

    it('from the first minute of the day after the due day it is overdue by 1 day', async () => {
      await at('2027-03-21T00:01');
      expect(liveFinding(t, 'meeting-cadence', committee)).toMatchObject({ severity: 'warning', episode: '2027-03-20', facts: { state: 'overdue', daysOverdue: 1 } });
    });

    it('overdue for more than 30 days, it is missed from the first minute of the 31st day after the due day', async () => {
      const overdue = liveFinding(t, 'meeting-cadence', committee)!;
      await at('2027-04-19T23:59');
      expect(liveFinding(t, 'meeting-cadence', committee)).toMatchObject({ id: overdue.id, severity: 'warning', facts: { state: 'overdue', daysOverdue: 30 } });
      await at('2027-04-20T00:01');
      const missed = liveFinding(t, 'meeting-cadence', committee)!;
      expect(missed).toMatchObject({ id: overdue.id, severity: 'serious', episode: '2027-03-20', facts: { state: 'missed', daysOverdue: 31 } });
      const { zh, en } = await explanationOf(t, missed);
      expect(zh.why).toContain('已经逾期31天仍未召开');
      expect(en.why).toContain('31 day(s) ago');
    });
  });
}
