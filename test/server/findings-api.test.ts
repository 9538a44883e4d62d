import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditListSchema } from '../../server/schemas/audit.ts';
import { FindingDetailSchema, FindingListSchema, FindingSummarySchema, type FindingView } from '../../server/schemas/findings.ts';
import { DAY_MS } from '../../server/clock.ts';
import { expectError, expectOk } from './support/http.ts';
import { createUser, startFindingsWorld, type FindingsWorld, type WorldUser } from './support/findings-world.ts';

const list = async (w: FindingsWorld, token: string, query = '') => expectOk(await w.t.call('GET', `/api/v1/findings${query}`, { token }), 200, FindingListSchema);

describe('findings over HTTP: reading', () => {
  let w: FindingsWorld;
  let secretaryA1: WorldUser;
  let organiserA: WorldUser;
  let auditorA: WorldUser;

  beforeAll(async () => {
    w = await startFindingsWorld({ A1: 2, A2: 1, B1: 1 });
    secretaryA1 = await createUser(w.t, 'secretary', 'A1');
    organiserA = await createUser(w.t, 'organiser', 'A');
    auditorA = await createUser(w.t, 'auditor', 'A');
  });
  afterAll(async () => w?.t.close());

  it('when a member has not taken part for four months, the finding names them, explains itself in Chinese and English and links to the evidence', async () => {
    const member = w.members.A1?.[0];
    const finding = (await w.sixMonth('A1')).find((candidate) => candidate.people.some((person) => person.memberNumber === member?.memberNumber));
    expect(finding).toMatchObject({
      rule: 'six-month',
      severity: 'warning',
      status: 'open',
      org: { code: 'A1', name: '甲镇第一支部' },
      people: [{ memberNumber: member?.memberNumber, name: member?.name }],
      resolvedAt: null,
      resolvedBy: null,
    });
    expect(finding?.facts.months).toBe(4);
    for (const language of ['zh', 'en'] as const) {
      const text = finding?.explanation[language];
      expect(text?.title.length).toBeGreaterThan(0);
      expect(text?.why.length).toBeGreaterThan(0);
      expect(text?.action.length).toBeGreaterThan(0);
    }
    expect(finding?.explanation.zh.why).toMatch(/[\u4e00-\u9fff]/);
    const memberEvidence = finding?.evidence.find((evidence) => evidence.kind === 'member');
    expect(memberEvidence).toEqual({ kind: 'member', id: member?.memberNumber, href: `/api/v1/members/${member?.memberNumber}/history` });
    expect((await w.t.call('GET', memberEvidence?.href ?? '', { token: await w.t.adminToken() })).status).toBe(200);
  });

  it('shows a secretary their own organisation only, and organisers and auditors their subtree', async () => {
    const orgsSeen = async (token: string, query = '?rule=six-month') => new Set((await list(w, token, query)).findings.map((finding) => finding.org.code));
    expect(await orgsSeen(await secretaryA1.token())).toEqual(new Set(['A1']));
    expect(await orgsSeen(await organiserA.token())).toEqual(new Set(['A1', 'A2']));
    expect(await orgsSeen(await auditorA.token())).toEqual(new Set(['A1', 'A2']));
    expect(await orgsSeen(await w.t.adminToken())).toEqual(new Set(['A1', 'A2', 'B1']));
    expect(await orgsSeen(await organiserA.token(), '?rule=six-month&org=A2')).toEqual(new Set(['A2']));
    expect((await list(w, await organiserA.token(), '?org=A&subtree=false&rule=six-month')).findings).toEqual([]);
    expectError(await w.t.call('GET', '/api/v1/findings?org=B1', { token: await organiserA.token() }), 403, 'ERR_OUT_OF_SCOPE');
    expectError(await w.t.call('GET', '/api/v1/findings?org=A', { token: await secretaryA1.token() }), 403, 'ERR_OUT_OF_SCOPE');
    expectError(await w.t.call('GET', '/api/v1/findings?org=NOPE', { token: await w.t.adminToken() }), 404, 'ERR_ORG_NOT_FOUND');
  });

  it('filters by rule and by least severity, and pages newest first without overlap', async () => {
    const admin = await w.t.adminToken();
    const all = (await list(w, admin, '?limit=1000')).findings;
    expect(new Set(all.map((finding) => finding.rule)).has('six-month')).toBe(true);
    expect(all.map((finding) => finding.id)).toEqual([...all.map((finding) => finding.id)].sort((a, b) => b - a));
    const warningsOrWorse = (await list(w, admin, '?minSeverity=warning&limit=1000')).findings;
    expect(warningsOrWorse.every((finding) => finding.severity !== 'info')).toBe(true);
    expect(warningsOrWorse.length).toBe(all.filter((finding) => finding.severity !== 'info').length);
    expect((await list(w, admin, '?rule=six-month&minSeverity=serious')).findings).toEqual([]);

    const first = await list(w, admin, '?limit=2');
    expect(first.findings).toHaveLength(2);
    expect(first.next).toBe(first.findings[1]?.id);
    const second = await list(w, admin, `?limit=2&before=${first.next}`);
    expect(second.findings.map((finding) => finding.id)).toEqual(all.slice(2, 4).map((finding) => finding.id));
  });

  it.each(['abc', '0', '-3', '2.5', ''])('when the page marker is %j, then the answer is 400 and says to pass the previous page’s next', async (before) => {
    const response = await w.t.call('GET', `/api/v1/findings?before=${before}`, { token: await w.t.adminToken() });
    expectError(response, 400, 'ERR_VALIDATION');
    expect(response.body).toMatchObject({
      error: { details: { in: 'query', issues: [expect.objectContaining({ path: 'before', message: expect.stringContaining('`next` of the previous page') })] } },
    });
  });

  it('counts the live findings by severity, status and rule, the same as the list', async () => {
    const token = await organiserA.token();
    const summary = expectOk(await w.t.call('GET', '/api/v1/findings/summary?org=A', { token }), 200, FindingSummarySchema);
    const live = (await list(w, token, '?org=A&limit=1000')).findings;
    expect(summary.live).toBe(live.length);
    expect(summary.byRule['six-month']).toBe(3);
    for (const severity of ['info', 'warning', 'serious', 'critical'] as const) {
      expect(summary.bySeverity[severity], severity).toBe(live.filter((finding) => finding.severity === severity).length);
    }
    expect(summary.byStatus).toEqual({ open: live.length, acknowledged: 0 });
    const secretary = expectOk(await w.t.call('GET', '/api/v1/findings/summary', { token: await secretaryA1.token() }), 200, FindingSummarySchema);
    expect(secretary.byRule['six-month']).toBe(2);
  });

  it('shows one finding with its history, within reach only', async () => {
    const [finding] = await w.sixMonth('B1');
    const detail = expectOk(await w.t.call('GET', `/api/v1/findings/${finding?.id}`, { token: await w.t.adminToken() }), 200, FindingDetailSchema);
    expect(detail.history).toEqual([{ at: detail.openedAt, action: 'opened', severity: 'warning', by: null, note: null }]);
    expectError(await w.t.call('GET', `/api/v1/findings/${finding?.id}`, { token: await secretaryA1.token() }), 403, 'ERR_OUT_OF_SCOPE');
    expectError(await w.t.call('GET', '/api/v1/findings/999999', { token: await w.t.adminToken() }), 404, 'ERR_FINDING_NOT_FOUND');
  });

  it.each([
    ['/api/v1/findings?rule=weather'],
    ['/api/v1/findings?minSeverity=bad'],
    ['/api/v1/findings?status=closed'],
    ['/api/v1/findings?limit=0'],
    ['/api/v1/findings?subtree=maybe'],
    ['/api/v1/findings?colour=red'],
    ['/api/v1/findings/abc'],
  ])('GET %s → 400 ERR_VALIDATION', async (path) => {
    expectError(await w.t.call('GET', path, { token: await w.t.adminToken() }), 400, 'ERR_VALIDATION');
  });

  it('when the member goes on without participation, the same finding escalates and its history says so', async () => {
    const before = (await w.sixMonth('A2'))[0] as FindingView;
    w.t.clock.advance(31 * DAY_MS);
    await w.runDiagnostics();
    const after = await w.detail(before.id);
    expect(after.severity).toBe('serious');
    expect(after.history.map((entry) => [entry.action, entry.severity])).toEqual([
      ['opened', 'warning'],
      ['escalated', 'serious'],
    ]);
    expect((await list(w, await organiserA.token(), '?rule=six-month&minSeverity=serious')).findings.map((finding) => finding.id)).toContain(before.id);
  });

  it('links every piece of evidence to an API path that shows it', async () => {
    const admin = await w.t.adminToken();
    const today = w.t.today();
    const inTen = w.t.dayOf(new Date(w.t.clock.now().getTime() + 10 * DAY_MS));
    const letter = await w.t.call('POST', '/api/v1/transfers', { token: admin, json: { member: w.members.B1?.[0]?.memberNumber, toOrg: 'A2', reason: '工作调动', validDays: 3 } });
    expect(letter.status, letter.text).toBe(201);
    const mobile = await w.t.call('POST', `/api/v1/members/${w.members.A1?.[1]?.memberNumber}/mobile-periods`, { token: admin, json: { org: 'B1', from: today, to: inTen } });
    expect(mobile.status, mobile.text).toBe(201);
    await w.runDiagnostics();

    const evidence = (await list(w, admin, '?limit=1000')).findings.flatMap((finding) => finding.evidence);
    const kinds = evidence.map((item) => item.kind);
    for (const kind of ['member', 'org', 'transfer', 'mobile-period'] as const) expect(kinds, kind).toContain(kind);
    for (const item of evidence) {
      expect(item.href, `${item.kind} ${item.id}`).not.toBeNull();
      const response = await w.t.call('GET', item.href ?? '', { token: admin });
      expect(response.status, `${item.kind} ${item.href}`).toBe(200);
    }
  });
});

describe('findings over HTTP: acknowledging and resolving', () => {
  let w: FindingsWorld;
  let secretaryA1: WorldUser;
  let organiserA: WorldUser;
  let auditorA: WorldUser;

  beforeAll(async () => {
    w = await startFindingsWorld({ A1: 4, B1: 1 });
    secretaryA1 = await createUser(w.t, 'secretary', 'A1');
    organiserA = await createUser(w.t, 'organiser', 'A');
    auditorA = await createUser(w.t, 'auditor', 'A');
  });
  afterAll(async () => w?.t.close());

  const act = async (user: WorldUser | 'admin', id: number, action: 'acknowledge' | 'resolve', json: unknown = {}) =>
    w.t.call('POST', `/api/v1/findings/${id}/${action}`, { token: user === 'admin' ? await w.t.adminToken() : await user.token(), json });
  /** the live six-month finding about the `index`th member created at `org` */
  const nth = async (org: string, index: number): Promise<FindingView> => {
    const number = w.members[org]?.[index]?.memberNumber;
    const finding = (await w.sixMonth(org)).find((candidate) => candidate.people.some((person) => person.memberNumber === number));
    if (!finding) throw new Error(`no live six-month finding about member ${index} of ${org}`);
    return finding;
  };

  it('when a secretary acknowledges with a note, the finding stays live, the note is in its history and the audit trail', async () => {
    const finding = await nth('A1', 0);
    const detail = expectOk(await act(secretaryA1, finding.id, 'acknowledge', { note: '已电话联系，下周参加支部会' }), 200, FindingDetailSchema);
    expect(detail.status).toBe('acknowledged');
    expect(detail.history.at(-1)).toMatchObject({ action: 'acknowledged', severity: 'warning', by: secretaryA1.username, note: '已电话联系，下周参加支部会' });
    expect((await w.sixMonth('A1')).find((candidate) => candidate.id === finding.id)?.status).toBe('acknowledged');

    const again = expectOk(await act(secretaryA1, finding.id, 'acknowledge'), 200, FindingDetailSchema);
    expect(again.history.filter((entry) => entry.action === 'acknowledged')).toHaveLength(1);

    const { entries } = expectOk(await w.t.call('GET', '/api/v1/audit?org=A1&limit=1', { token: await w.t.adminToken() }), 200, AuditListSchema);
    expect(entries[0]).toMatchObject({ action: 'finding.acknowledge', targetType: 'finding', targetId: String(finding.id), actor: `user:${secretaryA1.username}`, org: 'A1' });
    expect(entries[0]?.summary).toMatchObject({ rule: 'six-month', before: 'open', after: 'acknowledged', note: '已电话联系，下周参加支部会' });
  });

  it('when a finding is resolved by hand, it leaves the live list, names who resolved it, and cannot be acted on again', async () => {
    const finding = await nth('A1', 1);
    const resolved = expectOk(await act(organiserA, finding.id, 'resolve', { note: '已处理' }), 200, FindingDetailSchema);
    expect(resolved).toMatchObject({ status: 'resolved', resolvedBy: organiserA.username, resolvedAt: w.t.clock.now().toISOString() });
    expect(resolved.history.at(-1)).toMatchObject({ action: 'resolved', by: organiserA.username, note: '已处理' });
    expect((await w.sixMonth('A1')).map((candidate) => candidate.id)).not.toContain(finding.id);
    const resolvedList = (await list(w, await w.t.adminToken(), '?org=A1&status=resolved')).findings;
    expect(resolvedList.map((candidate) => candidate.id)).toContain(finding.id);

    expectError(await act(secretaryA1, finding.id, 'resolve'), 409, 'ERR_FINDING_NOT_LIVE');
    expectError(await act(secretaryA1, finding.id, 'acknowledge'), 409, 'ERR_FINDING_NOT_LIVE');
  });

  it('when the rules run again, a finding resolved by hand is not reopened for the same episode', async () => {
    const finding = await nth('A1', 2);
    expectOk(await act(secretaryA1, finding.id, 'resolve'), 200, FindingDetailSchema);
    await w.runDiagnostics();
    const live = await w.sixMonth('A1');
    expect(live.map((candidate) => candidate.subject)).not.toContain(finding.subject);
    expect((await w.detail(finding.id)).status).toBe('resolved');
  });

  it('acknowledging moves the counts from open to acknowledged', async () => {
    const token = await secretaryA1.token();
    const summary = expectOk(await w.t.call('GET', '/api/v1/findings/summary', { token }), 200, FindingSummarySchema);
    const live = (await list(w, token, '?limit=1000')).findings;
    expect(summary.byStatus).toEqual({
      open: live.filter((finding) => finding.status === 'open').length,
      acknowledged: live.filter((finding) => finding.status === 'acknowledged').length,
    });
    expect(summary.byStatus.acknowledged).toBe(1);
  });

  it('refuses auditors any action, and others a finding outside their reach', async () => {
    const inside = await nth('A1', 3);
    const outside = await nth('B1', 0);
    expectError(await act(auditorA, inside.id, 'acknowledge'), 403, 'ERR_FORBIDDEN');
    expectError(await act(auditorA, inside.id, 'resolve'), 403, 'ERR_FORBIDDEN');
    expectError(await act(secretaryA1, outside.id, 'resolve'), 403, 'ERR_OUT_OF_SCOPE');
    expectError(await act(organiserA, outside.id, 'acknowledge'), 403, 'ERR_OUT_OF_SCOPE');
    expectError(await act('admin', 999999, 'resolve'), 404, 'ERR_FINDING_NOT_FOUND');
    expect((await w.detail(inside.id)).status).toBe('open');
    expect((await w.detail(outside.id)).status).toBe('open');
  });

  it.each([
    ['an empty note', { note: '  ' }],
    ['a note too long', { note: 'x'.repeat(1001) }],
    ['an unknown field', { reason: 'x' }],
  ])('refuses %s with 400 ERR_VALIDATION and changes nothing', async (_what, json) => {
    const finding = await nth('A1', 3);
    expectError(await act(secretaryA1, finding.id, 'resolve', json), 400, 'ERR_VALIDATION');
    expect((await w.detail(finding.id)).status).toBe('open');
  });

  it('refuses a request without a session before anything else', async () => {
    const finding = await nth('A1', 3);
    expectError(await w.t.call('POST', `/api/v1/findings/${finding.id}/resolve`, { json: {} }), 401, 'ERR_AUTH_REQUIRED');
    expectError(await w.t.call('GET', '/api/v1/findings', {}), 401, 'ERR_AUTH_REQUIRED');
  });
});
