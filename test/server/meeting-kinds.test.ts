import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../server/clock.ts';
import { addMonths } from '../../server/domain/diagnostics/calendar.ts';
import { AuditListSchema } from '../../server/schemas/audit.ts';
import { FindingDetailSchema, FindingListSchema } from '../../server/schemas/findings.ts';
import { MeetingKindListSchema, MeetingKindSchema, MeetingSchema } from '../../server/schemas/meetings.ts';
import { createTree, meetingTimes, registeredIssuer } from './support/fixtures.ts';
import { expectError, expectOk } from './support/http.ts';
import { fullRun, liveFinding, orgId, settled } from './support/diagnostics-world.ts';
import { ingest, KioskSigner, memberWithCard } from './support/ingest-world.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

const STUDY = { code: 'study_session', nameZh: '专题学习', nameEn: 'Study session' };

describe('meeting kinds: added, renamed and retired by admins', () => {
  let t: TestServer;
  let admin: string;
  let kiosk: KioskSigner;
  let scheduledStudy: string;
  let openedStudy: string;

  const kinds = async (query = '') => expectOk(await t.call('GET', `/api/v1/meeting-kinds${query}`, { token: admin }), 200, MeetingKindListSchema).kinds;
  const schedule = (kind: string) =>
    t.call('POST', '/api/v1/meetings', { token: admin, json: { org: 'A1', kind, ...meetingTimes(t) } });
  /** The kiosk opens an ad-hoc meeting of `kind` now; the receipt's code or status. */
  const openAtKiosk = async (kind: string, meeting = uuidv7()) => {
    const [receipt] = await ingest(t, kiosk.kiosk, [await kiosk.sign({ type: 'meeting.open', meeting, kind, title: '学习会' }, { at: t.clock.now().toISOString() })]);
    return { meeting, outcome: receipt?.code ?? receipt?.status };
  };

  beforeAll(async () => {
    t = await startTestServer();
    await createTree(t);
    admin = await t.adminToken();
    kiosk = new KioskSigner(await t.enrollKiosk('A1'));
  });
  afterAll(() => t.close());

  it('an added kind is listed after the others, can be scheduled, and a kiosk can open it', async () => {
    expect(expectOk(await t.call('POST', '/api/v1/meeting-kinds', { token: admin, json: STUDY }), 201, MeetingKindSchema)).toEqual({ ...STUDY, cadence: null, active: true });
    expect((await kinds()).map((kind) => kind.code)).toEqual(['general_meeting', 'committee', 'group', 'lecture', 'theme_day', 'other', 'study_session']);
    const meeting = expectOk(await schedule('study_session'), 201, MeetingSchema);
    expect(meeting).toMatchObject({ kind: 'study_session', title: '专题学习' });
    scheduledStudy = meeting.id;
    const opened = await openAtKiosk('study_session');
    expect(opened.outcome).toBe('accepted');
    openedStudy = opened.meeting;
  });

  it('a rename changes the names given and keeps the code and the other name', async () => {
    const renamed = expectOk(await t.call('POST', '/api/v1/meeting-kinds/study_session/rename', { token: admin, json: { nameZh: '专题学习会' } }), 200, MeetingKindSchema);
    expect(renamed).toEqual({ ...STUDY, nameZh: '专题学习会', cadence: null, active: true });
    expect((await kinds()).find((kind) => kind.code === 'study_session')).toEqual(renamed);
    const both = expectOk(await t.call('POST', '/api/v1/meeting-kinds/other/rename', { token: admin, json: { nameZh: '其他活动', nameEn: 'Other activity' } }), 200, MeetingKindSchema);
    expect(both).toMatchObject({ code: 'other', nameZh: '其他活动', nameEn: 'Other activity' });
  });

  it('a retired kind can no longer be scheduled nor opened at a kiosk; meetings of it keep their kind and a running one still takes check-ins', async () => {
    expect(expectOk(await t.call('POST', '/api/v1/meeting-kinds/study_session/retire', { token: admin }), 200, MeetingKindSchema)).toMatchObject({ code: 'study_session', active: false });
    expect((await kinds()).map((kind) => kind.code)).not.toContain('study_session');
    expect((await kinds('?retired=true')).find((kind) => kind.code === 'study_session')).toMatchObject({ nameZh: '专题学习会', active: false });

    expectError(await schedule('study_session'), 409, 'ERR_MEETING_KIND_RETIRED');
    expect((await openAtKiosk('study_session')).outcome).toBe('ERR_MEETING_KIND_UNKNOWN');

    expect(expectOk(await t.call('GET', `/api/v1/meetings/${scheduledStudy}`, { token: admin }), 200, MeetingSchema).kind).toBe('study_session');
    expect(expectOk(await t.call('GET', `/api/v1/meetings/${openedStudy}`, { token: admin }), 200, MeetingSchema)).toMatchObject({ kind: 'study_session', status: 'open' });
    const card = await memberWithCard(t, await registeredIssuer(t), 'A1');
    const [checkin] = await ingest(t, kiosk.kiosk, [await kiosk.checkin(card, openedStudy, { at: t.clock.now().toISOString() })]);
    expect(checkin?.status).toBe('accepted');
  });

  it('refuses a taken code (retired or seeded), a malformed code or name, an unknown kind, a rename without names, retiring twice', async () => {
    const add = (json: unknown) => t.call('POST', '/api/v1/meeting-kinds', { token: admin, json });
    expectError(await add(STUDY), 409, 'ERR_MEETING_KIND_TAKEN');
    expectError(await add({ ...STUDY, code: 'lecture' }), 409, 'ERR_MEETING_KIND_TAKEN');
    expectError(await add({ ...STUDY, code: 'Study-Session' }), 400, 'ERR_VALIDATION');
    expectError(await add({ code: 'reading', nameZh: '读书会' }), 400, 'ERR_VALIDATION');
    expectError(await add({ code: 'reading', nameZh: ' ', nameEn: 'Reading' }), 400, 'ERR_VALIDATION');
    expectError(await t.call('POST', '/api/v1/meeting-kinds/reading/rename', { token: admin, json: { nameZh: '读书会' } }), 404, 'ERR_MEETING_KIND_NOT_FOUND');
    expectError(await t.call('POST', '/api/v1/meeting-kinds/lecture/rename', { token: admin, json: {} }), 400, 'ERR_VALIDATION');
    expectError(await t.call('POST', '/api/v1/meeting-kinds/reading/retire', { token: admin }), 404, 'ERR_MEETING_KIND_NOT_FOUND');
    expectError(await t.call('POST', '/api/v1/meeting-kinds/study_session/retire', { token: admin }), 409, 'ERR_MEETING_KIND_RETIRED');
    expect((await kinds('?retired=true')).map((kind) => kind.code)).toEqual(['general_meeting', 'committee', 'group', 'lecture', 'theme_day', 'other', 'study_session']);
    expect((await kinds()).find((kind) => kind.code === 'lecture')).toMatchObject({ nameZh: '党课', active: true });
  });

  it('every change is in the audit trail, for the whole tree', async () => {
    const { entries } = expectOk(await t.call('GET', '/api/v1/audit', { token: admin }), 200, AuditListSchema);
    const trail = entries.filter((entry) => entry.targetType === 'meeting-kind').reverse();
    expect(trail.map((entry) => ({ action: entry.action, target: entry.targetId, org: entry.org, actor: entry.actor, summary: entry.summary }))).toEqual([
      { action: 'meeting-kind.add', target: 'study_session', org: null, actor: 'user:admin', summary: { after: { nameZh: '专题学习', nameEn: 'Study session' } } },
      {
        action: 'meeting-kind.rename',
        target: 'study_session',
        org: null,
        actor: 'user:admin',
        summary: { before: { nameZh: '专题学习', nameEn: 'Study session' }, after: { nameZh: '专题学习会', nameEn: 'Study session' } },
      },
      { action: 'meeting-kind.rename', target: 'other', org: null, actor: 'user:admin', summary: { before: { nameZh: '其他', nameEn: 'Other' }, after: { nameZh: '其他活动', nameEn: 'Other activity' } } },
      { action: 'meeting-kind.retire', target: 'study_session', org: null, actor: 'user:admin', summary: { before: { active: true }, after: { active: false } } },
    ]);
  });
});

describe('meeting kinds and the meeting cadence reminders', () => {
  let t: TestServer;
  let a1: number;

  beforeAll(async () => {
    t = await startTestServer();
    await createTree(t);
    a1 = await orgId(t, 'A1');
    const created = new Date((await t.server.context.read.orgs.byCode('A1'))!.createdAt);
    t.clock.set(new Date(addMonths(created, 1, t.server.context.calendar).getTime() + 2 * DAY_MS));
  });
  afterAll(() => t.close());

  it('a kind can be required only once it exists, and is reminded of from the moment the thresholds require it', async () => {
    const requireStudy = async () =>
      t.call('PUT', '/api/v1/diagnostics/thresholds', {
        token: await t.adminToken(),
        json: { org: 'A1', orgKind: null, family: 'meeting-cadence', settings: { every: { study_session: 'P1M' } } },
      });
    expectError(await requireStudy(), 422, 'ERR_THRESHOLD_MEETING_KIND_UNKNOWN');
    await fullRun(t);
    expect(liveFinding(t, 'meeting-cadence', `org:${a1}:study_session`)).toBeUndefined();
    expect(liveFinding(t, 'meeting-cadence', `org:${a1}:theme_day`)).toMatchObject({ severity: 'warning', facts: { state: 'overdue' } });

    expectOk(await t.call('POST', '/api/v1/meeting-kinds', { token: await t.adminToken(), json: STUDY }), 201, MeetingKindSchema);
    expect((await requireStudy()).status).toBe(204);
    await settled(t);
    expect(liveFinding(t, 'meeting-cadence', `org:${a1}:study_session`)).toMatchObject({ severity: 'warning', facts: { kind: 'study_session', state: 'overdue' } });
  });

  it('a renamed kind’s reminder says its new names, in Chinese and English, without a new run', async () => {
    const admin = await t.adminToken();
    const subject = `org:${a1}:study_session`;
    const { id } = liveFinding(t, 'meeting-cadence', subject)!;
    const runs = { ...t.server.context.diagnostics.runs };
    expectOk(await t.call('POST', '/api/v1/meeting-kinds/study_session/rename', { token: admin, json: { nameZh: '理论学习会', nameEn: 'Theory study meeting' } }), 200, MeetingKindSchema);
    expectOk(await t.call('POST', '/api/v1/meeting-kinds/group/rename', { token: admin, json: { nameZh: '学习小组会' } }), 200, MeetingKindSchema);

    const listed = expectOk(await t.call('GET', '/api/v1/findings?org=A1&rule=meeting-cadence', { token: admin }), 200, FindingListSchema).findings;
    const study = listed.find((finding) => finding.subject === subject)!.explanation;
    expect(study.zh.title).toBe('理论学习会已经逾期');
    expect(study.zh.why).toContain('理论学习会');
    expect(study.en.title).toBe('The theory study meeting is overdue');
    expect(`${study.zh.why}${study.zh.action}${study.en.why}${study.en.action}`).not.toMatch(/专题学习|study_session|Study session/);
    // Only the Chinese name of this one changed: the English one stays the table's.
    const group = listed.find((finding) => finding.subject === `org:${a1}:group`)!.explanation;
    expect(group.zh.title).toBe('学习小组会已经逾期');
    expect(group.en.title).toBe('The party group meeting is overdue');

    const detail = expectOk(await t.call('GET', `/api/v1/findings/${id}`, { token: admin }), 200, FindingDetailSchema);
    expect(detail.explanation.en.why).toContain('A theory study meeting is required every month');
    // The names are read when the finding is shown: a rename needs no run, and the stored facts keep the code.
    expect(t.server.context.diagnostics.runs).toEqual(runs);
    expect(liveFinding(t, 'meeting-cadence', subject)).toMatchObject({ id, facts: { kind: 'study_session' } });
  });

  it('retiring a kind resolves its reminders at once, and later runs do not raise them again', async () => {
    expectOk(await t.call('POST', '/api/v1/meeting-kinds/theme_day/retire', { token: await t.adminToken() }), 200, MeetingKindSchema);
    await settled(t);
    expect(liveFinding(t, 'meeting-cadence', `org:${a1}:theme_day`)).toBeUndefined();
    t.clock.advance(40 * DAY_MS);
    await fullRun(t);
    expect(liveFinding(t, 'meeting-cadence', `org:${a1}:theme_day`)).toBeUndefined();
    expect(liveFinding(t, 'meeting-cadence', `org:${a1}:group`)).toMatchObject({ severity: 'serious' });
  });
});
