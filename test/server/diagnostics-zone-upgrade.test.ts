import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, createTree } from './support/fixtures.ts';
import { findingsOf, fullRun, liveFinding, orgId, type FindingRow } from './support/diagnostics-world.ts';
import { ingest, KioskSigner } from './support/ingest-world.ts';
import { TestClock } from './support/test-clock.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { issued } from './support/transfer-world.ts';

const MINUTE_MS = 60_000;
/** 20:00 UTC is 04:00 of the next day in Beijing: every day the rules name here is a day later there. */
const START = new Date('2027-01-10T20:00:00Z');
const THREE_MONTHS_LATER = new Date('2027-04-10T20:30:00Z');
const UNKNOWN_CARD = 'ffffffffffffffff';

/**
 * Before the organisation's zone decided days, the rules counted in UTC and named episodes by UTC days. A server
 * that ran then (or ran with MIC_TIME_ZONE=UTC) and starts again in Beijing names the same occurrences by
 * Beijing's days; its findings must stay the findings they were — acknowledged, open, or closed by a person —
 * rather than each be resolved and opened again (the acknowledgement lost, the webhook told of it a second time).
 */
describe('findings written while the rules counted UTC days, after the server starts again in Beijing', () => {
  const clock = new TestClock(START);
  let before: TestServer;
  let after: TestServer;
  let earlier: FindingRow[];
  const subjects: Record<'sixMonth' | 'letter' | 'committee' | 'card', string> = { sixMonth: '', letter: '', committee: '', card: `card:${UNKNOWN_CARD}` };
  const found: Partial<Record<keyof typeof subjects, FindingRow>> = {};

  beforeAll(async () => {
    before = await startTestServer({ timeZone: 'UTC', clock });
    await createTree(before);
    subjects.committee = `org:${await orgId(before, 'A1')}:committee`;
    const quiet = await createMember(before, 'A1', { since: '2020-01-01' });
    subjects.sixMonth = `member:${(await before.server.context.read.members.byNumber(quiet.memberNumber))!.id}`;
    const leaving = await createMember(before, 'A2', { since: '2020-01-01' });
    subjects.letter = `transfer:${(await issued(before, leaving.memberNumber, 'B1', 30)).id}`;

    clock.set(THREE_MONTHS_LATER);
    const kiosk = new KioskSigner(await before.enrollKiosk('B1'));
    for (let i = 0; i < 3; i++) {
      const receipts = await ingest(before, kiosk.kiosk, [await kiosk.sign({ type: 'card.denied', reason: 'revoked', csn: UNKNOWN_CARD }, { at: clock.now().toISOString() })]);
      expect(receipts[0]!.status).toBe('accepted');
    }
    await fullRun(before);
    found.sixMonth = liveFinding(before, 'six-month', subjects.sixMonth);
    found.letter = liveFinding(before, 'transfer-expired', subjects.letter);
    found.committee = liveFinding(before, 'meeting-cadence', subjects.committee);
    found.card = liveFinding(before, 'card-denied-repeatedly', subjects.card);

    const token = await before.adminToken();
    for (const [finding, action] of [
      [found.sixMonth, 'resolve'],
      [found.letter, 'acknowledge'],
      [found.card, 'acknowledge'],
    ] as const) {
      expect((await before.call('POST', `/api/v1/findings/${finding!.id}/${action}`, { token, json: {} })).status).toBe(200);
    }
    earlier = findingsOf(before, { all: true });
    await before.close({ keepData: true });

    after = await startTestServer({ timeZone: 'Asia/Shanghai', clock, dataDir: before.dataDir });
    clock.advance(MINUTE_MS);
    await fullRun(after);
  });
  afterAll(async () => {
    await after?.close();
    await before?.close();
  });

  it('the findings were named by UTC days: a member registered, a letter expiring, a meeting due and a card refused at 20:00 UTC', () => {
    expect(found.sixMonth).toMatchObject({ episode: 'since:2027-01-10', severity: 'warning' });
    expect(found.letter).toMatchObject({ episode: '2027-02-09', severity: 'serious' });
    expect(found.committee).toMatchObject({ episode: '2027-02-10', severity: 'serious' });
    expect(found.card).toMatchObject({ episode: '2027-04-10', severity: 'warning' });
  });

  it('in Beijing every finding is still the same finding, in the same state: nothing resolved, nothing opened again', () => {
    const now = findingsOf(after, { all: true });
    expect(now.map(({ id, rule, subject, status, severity }) => ({ id, rule, subject, status, severity }))).toEqual(
      earlier.map(({ id, rule, subject, status, severity }) => ({ id, rule, subject, status, severity })),
    );
  });

  it('the live ones take the names of Beijing’s days, acknowledged ones still acknowledged', () => {
    expect(liveFinding(after, 'transfer-expired', subjects.letter)).toMatchObject({ id: found.letter!.id, status: 'acknowledged', episode: '2027-02-10' });
    expect(liveFinding(after, 'card-denied-repeatedly', subjects.card)).toMatchObject({ id: found.card!.id, status: 'acknowledged', episode: '2027-04-11' });
    expect(liveFinding(after, 'meeting-cadence', subjects.committee)).toMatchObject({ id: found.committee!.id, status: 'open', episode: '2027-02-11', facts: { due: '2027-02-11' } });
  });

  it('the one a person resolved stays resolved', () => {
    expect(liveFinding(after, 'six-month', subjects.sixMonth)).toBeUndefined();
  });
});
