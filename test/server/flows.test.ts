import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssuerKeyFile } from '../../shared/issuance/issuer-key.ts';
import { FlowMatrixSchema, type FlowCell } from '../../server/schemas/flows.ts';
import { MeetingSchema } from '../../server/schemas/meetings.ts';
import { MobilePeriodSchema } from '../../server/schemas/mobile-periods.ts';
import { OrgSchema } from '../../server/schemas/orgs.ts';
import { TransferSchema } from '../../server/schemas/transfers.ts';
import { createTree, registeredIssuer, userToken } from './support/fixtures.ts';
import { expectError, expectOk } from './support/http.ts';
import { ingest, issueCard, KioskSigner, registerCard, type TestCard } from './support/ingest-world.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { act, DAY, issued, memberSince } from './support/transfer-world.ts';

/**
 * The tree: CTY ─┬─ A ─┬─ A1          and, outside it, the county OTHER.
 *                │     └─ A2
 *                └─ B ─┬─ B1
 *                      └─ B2
 * In the window (the single day D):
 *   transfers accepted:   T1 A1→B1, T2 A2→A1, T3 B1→A2, T5 OTHER→A1      (T4 A1→B2 returned: not a flow)
 *   mobile registrations: R1 A1→B1, R2 B2→A2, R3 A1→A2
 *   cross-org check-ins:  C1, C2 A1→B1, C3 B2→A1, C4 A2→A1, C5 OTHER→B1    (plus a home check-in at A1: not a flow)
 * Outside the window (D+5): a transfer A1→A2, a mobile registration A2→B1, a check-in A1→B1.
 */
describe('flows: the organisation → organisation matrix, rolled up by level under a root', () => {
  let t: TestServer;
  let issuer: IssuerKeyFile;
  let D: Date;
  const kiosks: Record<string, KioskSigner> = {};
  const day = (date: Date): string => t.dayOf(date);
  const query = async (path: string, token?: string) => t.call('GET', path, { token: token ?? (await t.adminToken()) });

  const transfer = async (from: string, to: string, outcome: 'accept' | 'return') => {
    const letter = await issued(t, (await memberSince(t, from, '2020-01-01')).memberNumber, to);
    expectOk(await act(t, await t.adminToken(), letter.id, outcome, outcome === 'return' ? { reason: '不符合条件' } : undefined), 200, TransferSchema);
  };
  const mobile = async (home: string, host: string, from: Date) => {
    const member = await memberSince(t, home, '2020-01-01');
    const body = { org: host, from: day(from), to: day(new Date(from.getTime() + 30 * DAY)) };
    expectOk(await t.call('POST', `/api/v1/members/${member.memberNumber}/mobile-periods`, { token: await t.adminToken(), json: body }), 201, MobilePeriodSchema);
  };
  const cardAt = async (org: string): Promise<TestCard> => {
    const card = await issueCard(issuer, await memberSince(t, org, '2020-01-01'));
    await registerCard(t, card);
    return card;
  };
  const checkins = async (host: string, cards: TestCard[]) => {
    const now = t.clock.now();
    const body = { org: host, kind: 'theme_day', startsAt: new Date(now.getTime() - 3600_000).toISOString(), endsAt: new Date(now.getTime() + 3600_000).toISOString() };
    const meeting = expectOk(await t.call('POST', '/api/v1/meetings', { token: await t.adminToken(), json: body }), 201, MeetingSchema).id;
    const events = [];
    for (const card of cards) events.push(await kiosks[host]!.checkin(card, meeting, { at: now.toISOString() }));
    expect((await ingest(t, kiosks[host]!.kiosk, events)).map((receipt) => receipt.status)).toEqual(cards.map(() => 'accepted'));
  };
  const cell = (from: string | null, to: string | null, counts: Partial<Pick<FlowCell, 'transfers' | 'mobile' | 'checkins'>>): FlowCell => {
    const full = { transfers: 0, mobile: 0, checkins: 0, ...counts };
    return { from, to, ...full, total: full.transfers + full.mobile + full.checkins };
  };

  beforeAll(async () => {
    t = await startTestServer();
    await createTree(t);
    const admin = await t.adminToken();
    expectOk(await t.call('POST', '/api/v1/orgs', { token: admin, json: { code: 'B2', name: '乙镇第二支部', kind: 'branch', parent: 'B' } }), 201, OrgSchema);
    expectOk(await t.call('POST', '/api/v1/orgs', { token: admin, json: { code: 'OTHER', name: '邻县', kind: 'county' } }), 201, OrgSchema);
    issuer = await registeredIssuer(t);
    const cards = { c1: await cardAt('A1'), c2: await cardAt('A1'), c3: await cardAt('B2'), c4: await cardAt('A2'), c5: await cardAt('OTHER'), home: await cardAt('A1'), late: await cardAt('A1') };
    for (const org of ['A1', 'B1']) kiosks[org] = new KioskSigner(await t.enrollKiosk(org));

    const start = t.clock.now();
    D = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate() + 2, 10));
    t.clock.set(D);
    await transfer('A1', 'B1', 'accept');
    await transfer('A2', 'A1', 'accept');
    await transfer('B1', 'A2', 'accept');
    await transfer('A1', 'B2', 'return');
    await transfer('OTHER', 'A1', 'accept');
    await mobile('A1', 'B1', D);
    await mobile('B2', 'A2', D);
    await mobile('A1', 'A2', D);
    await mobile('A2', 'B1', new Date(D.getTime() + 5 * DAY));
    await checkins('B1', [cards.c1, cards.c2, cards.c5]);
    await checkins('A1', [cards.c3, cards.c4, cards.home]);

    t.clock.set(new Date(D.getTime() + 5 * DAY));
    await transfer('A1', 'A2', 'accept');
    await checkins('B1', [cards.late]);
  });
  afterAll(() => t.close());

  it('at level 1 under the county: A, B and the outside', async () => {
    const matrix = expectOk(await query(`/api/v1/flows?root=CTY&level=1&from=${day(D)}&to=${day(D)}`), 200, FlowMatrixSchema);
    expect(matrix.orgs.map((org) => org.code)).toEqual(['CTY', 'A', 'B']);
    expect(matrix.flows).toEqual([
      cell('A', 'A', { transfers: 1, mobile: 1, checkins: 1 }),
      cell('A', 'B', { transfers: 1, mobile: 1, checkins: 2 }),
      cell('B', 'A', { transfers: 1, mobile: 1, checkins: 1 }),
      cell(null, 'A', { transfers: 1 }),
      cell(null, 'B', { checkins: 1 }),
    ]);
  });

  it('at level 2 under the county: branch to branch', async () => {
    const matrix = expectOk(await query(`/api/v1/flows?root=CTY&level=2&from=${day(D)}&to=${day(D)}`), 200, FlowMatrixSchema);
    expect(matrix.orgs.map((org) => org.code)).toEqual(['CTY', 'A', 'A1', 'A2', 'B', 'B1', 'B2']);
    expect(matrix.flows).toEqual([
      cell('A1', 'A2', { mobile: 1 }),
      cell('A1', 'B1', { transfers: 1, mobile: 1, checkins: 2 }),
      cell('A2', 'A1', { transfers: 1, checkins: 1 }),
      cell('B1', 'A2', { transfers: 1 }),
      cell('B2', 'A1', { checkins: 1 }),
      cell('B2', 'A2', { mobile: 1 }),
      cell(null, 'A1', { transfers: 1 }),
      cell(null, 'B1', { checkins: 1 }),
    ]);
  });

  it('under A for A’s auditor: B’s side is only “outside”, and B-to-outside movements are not there at all', async () => {
    const auditorA = await userToken(t, 'auditor', 'A');
    const matrix = expectOk(await query(`/api/v1/flows?root=A&level=1&from=${day(D)}&to=${day(D)}`, auditorA), 200, FlowMatrixSchema);
    expect(matrix.orgs.map((org) => org.code)).toEqual(['A', 'A1', 'A2']);
    expect(matrix.flows).toEqual([
      cell('A1', 'A2', { mobile: 1 }),
      cell('A1', null, { transfers: 1, mobile: 1, checkins: 2 }),
      cell('A2', 'A1', { transfers: 1, checkins: 1 }),
      cell(null, 'A1', { transfers: 1, checkins: 1 }),
      cell(null, 'A2', { transfers: 1, mobile: 1 }),
    ]);
    expect((await query('/api/v1/flows?level=1', auditorA)).body).toMatchObject({ root: 'A' });
    expectError(await query('/api/v1/flows?root=B', auditorA), 403, 'ERR_OUT_OF_SCOPE');
    expectError(await query('/api/v1/flows?root=CTY', auditorA), 403, 'ERR_OUT_OF_SCOPE');
  });

  it('counts what falls in the window only: the later day adds its own transfer, registration and check-in', async () => {
    const later = day(new Date(D.getTime() + 5 * DAY));
    const matrix = expectOk(await query(`/api/v1/flows?root=CTY&level=2&from=${later}&to=${later}`), 200, FlowMatrixSchema);
    expect(matrix.flows).toEqual([cell('A1', 'A2', { transfers: 1 }), cell('A1', 'B1', { checkins: 1 }), cell('A2', 'B1', { mobile: 1 })]);
    expectError(await query(`/api/v1/flows?root=CTY&from=${later}&to=${day(D)}`), 400, 'ERR_WINDOW_INVALID');
  });

  it('exports the same cells as CSV, by format=csv or Accept: text/csv', async () => {
    const path = `/api/v1/flows?root=CTY&level=1&from=${day(D)}&to=${day(D)}`;
    const csv = await query(`${path}&format=csv`);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.text.trimEnd().split('\r\n')).toEqual([
      'from,from_name,to,to_name,transfers,mobile,checkins,total',
      'A,甲镇党委,A,甲镇党委,1,1,1,3',
      'A,甲镇党委,B,乙镇党委,1,1,2,4',
      'B,乙镇党委,A,甲镇党委,1,1,1,3',
      ',,A,甲镇党委,1,0,0,1',
      ',,B,乙镇党委,0,0,1,1',
    ]);
    expect((await t.call('GET', path, { token: await t.adminToken(), headers: { accept: 'text/csv' } })).text).toBe(csv.text);
  });
});
