import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditListSchema } from '../../server/schemas/audit.ts';
import { DAY_MS } from '../../server/clock.ts';
import { FindingListSchema, ThresholdsViewSchema } from '../../server/schemas/findings.ts';
import { createMember, createTree, userToken } from './support/fixtures.ts';
import { expectError, expectOk } from './support/http.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

describe('diagnostic thresholds over HTTP', () => {
  let t: TestServer;
  let admin: string;
  let organiserA: string;
  let secretaryA1: string;
  let auditorA: string;

  const thresholds = async (org: string, token = admin) => expectOk(await t.call('GET', `/api/v1/diagnostics/thresholds?org=${org}`, { token }), 200, ThresholdsViewSchema);
  const put = (json: unknown, token = admin) => t.call('PUT', '/api/v1/diagnostics/thresholds', { token, json });

  beforeAll(async () => {
    t = await startTestServer();
    await createTree(t);
    admin = await t.adminToken();
    organiserA = await userToken(t, 'organiser', 'A');
    secretaryA1 = await userToken(t, 'secretary', 'A1');
    auditorA = await userToken(t, 'auditor', 'A');
  });
  afterAll(() => t.close());

  it('when nothing is configured, a branch gets the defaults and the seeded "three meetings and one lecture" cadence', async () => {
    const view = await thresholds('A1');
    expect(view.org).toEqual({ code: 'A1', name: '甲镇第一支部', kind: 'branch' });
    expect(view.rows).toEqual([
      { org: null, orgName: null, orgKind: 'branch', family: 'meeting-cadence', settings: { every: { general_meeting: 'P3M', committee: 'P1M', group: 'P1M', theme_day: 'P1M' } } },
    ]);
    expect(view.ownRows).toEqual([]);
    expect(view.defaults['six-month']).toEqual({ warnMonths: 3, seriousMonths: 5, decideMonths: 6 });
    expect(view.effective['six-month']).toEqual({ warnMonths: 3, seriousMonths: 5, decideMonths: 6 });
    expect(view.effective['meeting-cadence'].every).toMatchObject({ committee: 'P1M', general_meeting: 'P3M', lecture: null });
  });

  it('when a committee asks, the branch-only row does not reach it', async () => {
    const view = await thresholds('A');
    expect(view.rows).toEqual([]);
    expect(view.effective['meeting-cadence'].every.committee).toBeNull();
  });

  it('when an admin sets a whole-tree row and an organiser overrides it in their subtree, the deeper row wins only there', async () => {
    expect((await put({ org: null, orgKind: null, family: 'six-month', settings: { warnMonths: 2 } })).status).toBe(204);
    expect((await put({ org: 'A', orgKind: null, family: 'six-month', settings: { warnMonths: 4, seriousMonths: 5 } }, organiserA)).status).toBe(204);
    expect((await put({ org: 'A', orgKind: 'branch', family: 'six-month', settings: { seriousMonths: 4 } }, organiserA)).status).toBe(204);

    const a1 = await thresholds('A1');
    expect(a1.effective['six-month']).toEqual({ warnMonths: 4, seriousMonths: 4, decideMonths: 6 });
    expect(a1.rows.filter((row) => row.family === 'six-month')).toEqual([
      { org: null, orgName: null, orgKind: null, family: 'six-month', settings: { warnMonths: 2 } },
      { org: 'A', orgName: '甲镇党委', orgKind: null, family: 'six-month', settings: { warnMonths: 4, seriousMonths: 5 } },
      { org: 'A', orgName: '甲镇党委', orgKind: 'branch', family: 'six-month', settings: { seriousMonths: 4 } },
    ]);
    expect((await thresholds('A')).effective['six-month']).toEqual({ warnMonths: 4, seriousMonths: 5, decideMonths: 6 });
    expect((await thresholds('B1')).effective['six-month']).toEqual({ warnMonths: 2, seriousMonths: 5, decideMonths: 6 });
  });

  it('when a township sets a row for its branches only, the township reads it among its own rows though it does not reach the township, and the branch reads whose it is', async () => {
    expect((await put({ org: 'A', orgKind: 'branch', family: 'kiosks', settings: { silentHours: 24 } }, organiserA)).status).toBe(204);
    const township = await thresholds('A', organiserA);
    expect(township.rows.some((row) => row.family === 'kiosks')).toBe(false);
    expect(township.effective.kiosks.silentHours).toBe(72);
    expect(township.ownRows.filter((row) => row.family === 'kiosks')).toEqual([{ org: 'A', orgName: '甲镇党委', orgKind: 'branch', family: 'kiosks', settings: { silentHours: 24 } }]);
    expect(township.defaults.kiosks.silentHours).toBe(72);

    // The secretary cannot read the township's page, yet learns which organisation set their number.
    const branch = await thresholds('A1', secretaryA1);
    expect(branch.rows.filter((row) => row.family === 'kiosks')).toEqual([{ org: 'A', orgName: '甲镇党委', orgKind: 'branch', family: 'kiosks', settings: { silentHours: 24 } }]);
    expect(branch.ownRows.some((row) => row.family === 'kiosks')).toBe(false);
    expect(branch.effective.kiosks.silentHours).toBe(24);
    expect((await put({ org: 'A', orgKind: 'branch', family: 'kiosks', settings: null }, organiserA)).status).toBe(204);
    expect((await thresholds('A', organiserA)).ownRows.some((row) => row.family === 'kiosks')).toBe(false);
  });

  it('when a row is set again it is replaced, and settings null removes it', async () => {
    expect((await put({ org: 'B1', orgKind: null, family: 'transfers', settings: { expiringDays: 3 } })).status).toBe(204);
    expect((await put({ org: 'B1', orgKind: null, family: 'transfers', settings: { waitingDays: 20 } })).status).toBe(204);
    expect((await thresholds('B1')).effective.transfers).toEqual({ expiringDays: 7, waitingDays: 20, expiredLookbackDays: 90 });
    expect((await put({ org: 'B1', orgKind: null, family: 'transfers', settings: null })).status).toBe(204);
    const after = await thresholds('B1');
    expect(after.rows.some((row) => row.family === 'transfers')).toBe(false);
    expect(after.effective.transfers.waitingDays).toBe(14);
  });

  it('keeps a nested cadence override beside the inherited kinds', async () => {
    expect((await put({ org: 'A2', orgKind: null, family: 'meeting-cadence', settings: { every: { lecture: 'P2M' } } }, organiserA)).status).toBe(204);
    expect((await thresholds('A2')).effective['meeting-cadence'].every).toMatchObject({ lecture: 'P2M', committee: 'P1M', general_meeting: 'P3M' });
  });

  it('records every change in the audit trail with what it was before', async () => {
    await put({ org: 'A1', orgKind: null, family: 'mobile', settings: { lapsingDays: 10 } }, organiserA);
    await put({ org: 'A1', orgKind: null, family: 'mobile', settings: { lapsingDays: 5 } }, organiserA);
    const { entries } = expectOk(await t.call('GET', '/api/v1/audit?org=A1&limit=2', { token: admin }), 200, AuditListSchema);
    expect(entries[0]).toMatchObject({ action: 'thresholds.set', targetType: 'thresholds', targetId: 'A1/*/mobile', org: 'A1', summary: { before: { lapsingDays: 10 }, after: { lapsingDays: 5 } } });
    expect(entries[0]?.actor).toMatch(/^user:organiser-A-/);
  });

  it.each([
    ['a number out of range', { org: 'A1', orgKind: null, family: 'six-month', settings: { warnMonths: 0 } }],
    ['a key of another family', { org: 'A1', orgKind: null, family: 'six-month', settings: { expiringDays: 3 } }],
    ['an unknown family', { org: 'A1', orgKind: null, family: 'weather', settings: {} }],
    ['a malformed cadence', { org: 'A1', orgKind: null, family: 'meeting-cadence', settings: { every: { committee: 'monthly' } } }],
    ['an unknown organisation kind', { org: 'A1', orgKind: 'village', family: 'six-month', settings: { warnMonths: 2 } }],
    ['no org field', { orgKind: null, family: 'six-month', settings: { warnMonths: 2 } }],
  ])('refuses %s with 400 ERR_VALIDATION', async (_what, body) => {
    expectError(await put(body), 400, 'ERR_VALIDATION');
  });

  it('refuses an organiser the whole-tree rows and rows outside their subtree, and secretaries and auditors any change', async () => {
    expectError(await put({ org: null, orgKind: 'branch', family: 'six-month', settings: { warnMonths: 2 } }, organiserA), 403, 'ERR_OUT_OF_SCOPE');
    expectError(await put({ org: 'B1', orgKind: null, family: 'six-month', settings: { warnMonths: 2 } }, organiserA), 403, 'ERR_OUT_OF_SCOPE');
    expectError(await put({ org: 'A1', orgKind: null, family: 'six-month', settings: { warnMonths: 2 } }, secretaryA1), 403, 'ERR_FORBIDDEN');
    expectError(await put({ org: 'A1', orgKind: null, family: 'six-month', settings: { warnMonths: 2 } }, auditorA), 403, 'ERR_FORBIDDEN');
    expectError(await put({ org: 'NOPE', orgKind: null, family: 'six-month', settings: { warnMonths: 2 } }), 404, 'ERR_ORG_NOT_FOUND');
  });

  it('lets every role read the numbers within reach and no further', async () => {
    expect((await thresholds('A1', secretaryA1)).org.code).toBe('A1');
    expect((await thresholds('A2', auditorA)).org.code).toBe('A2');
    expectError(await t.call('GET', '/api/v1/diagnostics/thresholds?org=A', { token: secretaryA1 }), 403, 'ERR_OUT_OF_SCOPE');
    expectError(await t.call('GET', '/api/v1/diagnostics/thresholds?org=B1', { token: auditorA }), 403, 'ERR_OUT_OF_SCOPE');
    expectError(await t.call('GET', '/api/v1/diagnostics/thresholds?org=NOPE', { token: admin }), 404, 'ERR_ORG_NOT_FOUND');
    expectError(await t.call('GET', '/api/v1/diagnostics/thresholds', { token: admin }), 400, 'ERR_VALIDATION');
  });
});

describe('cadences for the meeting kinds there are', () => {
  let t: TestServer;
  let admin: string;

  const put = (json: unknown) => t.call('PUT', '/api/v1/diagnostics/thresholds', { token: admin, json });
  const cadenceRows = async (org: string) =>
    expectOk(await t.call('GET', `/api/v1/diagnostics/thresholds?org=${org}`, { token: admin }), 200, ThresholdsViewSchema).ownRows.filter((row) => row.family === 'meeting-cadence');
  const audited = async () => expectOk(await t.call('GET', '/api/v1/audit?limit=100', { token: admin }), 200, AuditListSchema).entries.length;

  beforeAll(async () => {
    t = await startTestServer();
    await createTree(t);
    admin = await t.adminToken();
  });
  afterAll(() => t.close());

  it('refuses a cadence for a meeting kind never added with 422 ERR_THRESHOLD_MEETING_KIND_UNKNOWN, naming the kinds in use, and stores nothing', async () => {
    expect((await put({ org: 'A1', orgKind: null, family: 'meeting-cadence', settings: { every: { lecture: 'P2M' } } })).status).toBe(204);
    const trail = await audited();

    const refused = await put({ org: 'A1', orgKind: null, family: 'meeting-cadence', settings: { every: { lecture: 'P1M', reading: 'P1M' } } });
    expectError(refused, 422, 'ERR_THRESHOLD_MEETING_KIND_UNKNOWN');
    expect((refused.body as { error: { details: unknown } }).error.details).toEqual({
      kinds: ['reading'],
      inUse: ['general_meeting', 'committee', 'group', 'lecture', 'theme_day', 'other'],
    });
    expectError(await put({ org: 'B1', orgKind: 'branch', family: 'meeting-cadence', settings: { every: { reading: null } } }), 422, 'ERR_THRESHOLD_MEETING_KIND_UNKNOWN');

    expect(await cadenceRows('A1')).toEqual([{ org: 'A1', orgName: '甲镇第一支部', orgKind: null, family: 'meeting-cadence', settings: { every: { lecture: 'P2M' } } }]);
    expect(await cadenceRows('B1')).toEqual([]);
    expect(await audited()).toBe(trail);
  });

  it('accepts a retired kind’s cadence, so a row that still names it can be changed and the kind then taken out', async () => {
    expect((await put({ org: 'B1', orgKind: null, family: 'meeting-cadence', settings: { every: { other: 'P1M', lecture: 'P2M' } } })).status).toBe(204);
    expect((await t.call('POST', '/api/v1/meeting-kinds/other/retire', { token: admin })).status).toBe(200);

    expect((await put({ org: 'B1', orgKind: null, family: 'meeting-cadence', settings: { every: { other: 'P1M', lecture: 'P3M' } } })).status).toBe(204);
    expect((await cadenceRows('B1')).map((row) => row.settings)).toEqual([{ every: { other: 'P1M', lecture: 'P3M' } }]);
    expect((await put({ org: 'B1', orgKind: null, family: 'meeting-cadence', settings: { every: { lecture: 'P3M' } } })).status).toBe(204);
    expect((await cadenceRows('B1')).map((row) => row.settings)).toEqual([{ every: { lecture: 'P3M' } }]);
  });
});

describe('a threshold change and the findings', () => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer();
    await createTree(t);
  });
  afterAll(() => t.close());

  it('when a branch lowers its six-month warning to two months, a member silent for two months is found without waiting for the schedule', async () => {
    const member = await createMember(t, 'B1');
    t.clock.advance(65 * DAY_MS);
    await t.server.context.diagnostics.runFull();
    const sixMonth = async () =>
      expectOk(await t.call('GET', '/api/v1/findings?org=B1&rule=six-month', { token: await t.adminToken() }), 200, FindingListSchema).findings;
    expect(await sixMonth()).toEqual([]);

    const admin = await t.adminToken();
    expect((await t.call('PUT', '/api/v1/diagnostics/thresholds', { token: admin, json: { org: 'B1', orgKind: null, family: 'six-month', settings: { warnMonths: 2 } } })).status).toBe(204);
    await t.server.context.diagnostics.idle();
    const found = await sixMonth();
    expect(found.map((finding) => [finding.severity, finding.people[0]?.memberNumber])).toEqual([['warning', member.memberNumber]]);
  });
});
