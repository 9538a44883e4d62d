import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateIssuerKey, type IssuerKeyFile } from '../../shared/issuance/issuer-key.ts';
import { hashPassword } from '../../server/crypto/password-hash.ts';
import { startSession } from '../../server/domain/sessions.ts';
import { API_ROUTES } from '../../server/http/app.ts';
import { CardSchema } from '../../server/schemas/cards.ts';
import type { Role } from '../../server/schemas/common.ts';
import { MobilePeriodSchema } from '../../server/schemas/mobile-periods.ts';
import { OrgSchema } from '../../server/schemas/orgs.ts';
import type { User } from '../../server/store/repositories/users.ts';
import { startFindingsWorld, type FindingsWorld } from './support/findings-world.ts';
import { createMember, credentialFor, registeredIssuer, validIdNumber, type TestMember } from './support/fixtures.ts';
import { expectOk, type ApiResponse } from './support/http.ts';
import type { TestServer } from './support/test-server.ts';
import { DAY, issued } from './support/transfer-world.ts';
import { expectOneOrder, MEMBER_ID, storeReads, type RacingRequest } from './support/write-race.ts';

/**
 * A person's write is let in when its request arrives and takes its turn on the write lock later. Each write here is
 * raced against the end of the writer's session (an admin disabling them, moving them, or setting their password, or
 * the writer signing out of it): in turn, and at once, and while the write lock is busy, where the session ends after
 * the write was let in and before it takes its turn. The answers and the rows must be those of one of the two orders:
 * the write landed before the session ended, or it is refused as a request sent after would be, with nothing written.
 */

const PASSWORD = 'a-long-enough-password';
/** A day long before the test clock's today, when the members made here joined their branch. */
const SINCE = '2024-01-02';
const REFUSED = '401 ERR_SESSION_INVALID';

let w: FindingsWorld;
let t: TestServer;
let admin: string;
let issuer: IssuerKeyFile;
/** PASSWORD hashed once: the writers made for a race are written with it, without a hash of their own each */
let passwordHash: string;
let unique = 0;
const next = (): number => ++unique;

const { rows, value, trail } = storeReads(() => t);
const periodsOf = (memberNumber: string): unknown[] =>
  rows(`SELECT o.code, p.kind, p.valid_from, p.valid_to FROM membership_periods p JOIN organisations o ON o.id = p.org_id WHERE p.member_id = ${MEMBER_ID} ORDER BY p.valid_from, p.id`, memberNumber);
const memberState = (memberNumber: string): unknown => ({
  member: rows('SELECT status, status_since FROM members WHERE member_number = ?', memberNumber),
  periods: periodsOf(memberNumber),
  trail: trail('member', memberNumber),
});
const dayAfter = (days: number): string => t.dayOf(new Date(t.clock.now().getTime() + days * DAY));

const post = (path: string, json: unknown, token: string): Promise<ApiResponse> => t.call('POST', `/api/v1${path}`, { token, ...(json === undefined ? {} : { json }) });
const sending = (writes: string, send: () => Promise<ApiResponse>): RacingRequest => ({ writes, send });

interface Writer {
  user: User;
  token: string;
}

/** A user written straight to the store with PASSWORD, and a session of theirs as signing in gives. */
async function userWithSession(role: Role, org?: string): Promise<Writer> {
  const orgId = org === undefined ? null : (value('SELECT id FROM organisations WHERE code = ?', org) as number);
  const created = await t.server.store.write.users.create({ username: `writer-${next()}`, passwordHash, role, orgId }, t.clock.now().toISOString(), {
    label: 'cli:test',
    userId: null,
  });
  const user = (await t.server.context.read.users.byId(created.id))!;
  return { user, token: (await startSession(t.server.context, user)).token };
}

const userState = (user: User): unknown => ({
  user: rows('SELECT role, org_id, disabled_at IS NOT NULL, session_generation, display_name, member_id IS NOT NULL FROM users WHERE id = ?', user.id),
  trail: trail('user', user.username),
});

async function memberWithLetter(): Promise<{ member: TestMember; letter: string }> {
  const member = await createMember(t, 'A1', { since: SINCE });
  return { member, letter: (await issued(t, member.memberNumber, 'B1')).id };
}
const letterState = (s: { member: TestMember; letter: string }): unknown => ({
  letter: rows('SELECT status FROM transfers WHERE id = ?', s.letter),
  trail: trail('transfer', s.letter),
  periods: periodsOf(s.member.memberNumber),
});

async function memberWithCard(): Promise<{ member: TestMember; csn: string; seq: number }> {
  const member = await createMember(t, 'A1', { since: SINCE });
  const { jwt } = await credentialFor(issuer, member, { now: t.clock.now() });
  const csn = expectOk(await post('/cards', { credential: jwt }, admin), 201, CardSchema).csn;
  return { member, csn, seq: value('SELECT seq FROM revocation_state') as number };
}
const cardState = (s: { member: TestMember; seq: number }): unknown => ({
  cards: rows(`SELECT status, replaced_by IS NOT NULL FROM cards WHERE member_id = ${MEMBER_ID} ORDER BY status, replaced_by IS NOT NULL`, s.member.memberNumber),
  revocationListVersions: (value('SELECT seq FROM revocation_state') as number) - s.seq,
  trail: rows(`SELECT action FROM audit_log WHERE target_type = 'card' AND target_id IN (SELECT csn FROM cards WHERE member_id = ${MEMBER_ID}) ORDER BY id`, s.member.memberNumber).flat(),
});

/** A mobile registration at A1 of a member at home in B1, begun ten days ago and running for a month more. */
async function mobileRegistration(): Promise<{ member: TestMember; id: number }> {
  const member = await createMember(t, 'B1', { since: SINCE });
  const body = { org: 'A1', from: dayAfter(-10), to: dayAfter(30) };
  return { member, id: expectOk(await post(`/members/${member.memberNumber}/mobile-periods`, body, admin), 201, MobilePeriodSchema).id };
}

async function newMeetingKind(): Promise<string> {
  const code = `ending_${next()}`;
  expect((await post('/meeting-kinds', { code, nameZh: '旧名', nameEn: 'Old name' }, admin)).status).toBe(201);
  return code;
}

/** How many rows a table holds: for writes whose rows the subject cannot name before they exist. */
const count = (table: 'kiosk_enrolment_tokens' | 'meetings'): number => value(`SELECT count(*) FROM ${table}`) as number;

/** findings already taken by a case: each race acts on one of its own */
const takenFindings = new Set<number>();
async function liveFinding(): Promise<number> {
  const finding = (await w.sixMonth('A1')).find((candidate) => !takenFindings.has(candidate.id));
  if (!finding) throw new Error('no six-month finding left to act on');
  takenFindings.add(finding.id);
  return finding.id;
}
const findingState = (id: number): unknown => ({
  finding: value('SELECT status FROM findings WHERE id = ?', id),
  history: rows('SELECT action FROM finding_history WHERE finding_id = ? ORDER BY id', id).flat(),
  trail: trail('finding', String(id)),
});

interface WriteCase<S> {
  /** METHOD path, as the route is declared */
  route: string;
  /** admin-only writes are made by an admin; every other one by an organiser of the whole county */
  as?: 'admin';
  /** what the write needs to exist first, made by the admin */
  prepare(): Promise<S>;
  /** the write, by the writer whose session ends; `writer` is the writer themselves */
  write(subject: S, token: string, writer: User): RacingRequest;
  /** what the write stored, in terms that name no id of the subject */
  stored(subject: S, writer: User): unknown;
}

/** Keeps each case's subject type while the list holds cases of every type. */
const writeCase = <S>(c: WriteCase<S>): WriteCase<unknown> => c as WriteCase<unknown>;

const WRITES: WriteCase<unknown>[] = [
  writeCase({
    route: 'POST /orgs',
    prepare: async () => ({ code: `END-${next()}`, name: '新支部', kind: 'branch', parent: 'A' }),
    write: (body, token) => sending('orgs.create', () => post('/orgs', body, token)),
    stored: (body) => ({ orgs: value('SELECT count(*) FROM organisations WHERE code = ?', body.code), trail: trail('org', body.code) }),
  }),
  writeCase({
    route: 'POST /members',
    prepare: async () => ({ memberNumber: `E${next()}`, name: '新党员', idNumber: validIdNumber(23_000 + unique), homeOrg: 'A1' }),
    write: (body, token) => sending('members.create', () => post('/members', body, token)),
    stored: (body) => memberState(body.memberNumber),
  }),
  writeCase({
    route: 'POST /members/import',
    prepare: async () => [`E${next()}`, `E${next()}`],
    write: (numbers, token) => {
      const raw = ['member_number,name,id_number,org', ...numbers.map((number) => `${number},导入党员,${validIdNumber(23_000 + Number(number.slice(1)))},A2`)].join('\n');
      return sending('members.importMany', () => t.call('POST', '/api/v1/members/import', { token, raw, contentType: 'text/csv' }));
    },
    stored: (numbers) => numbers.map(memberState),
  }),
  writeCase({
    route: 'POST /members/:number/status',
    prepare: memberWithCard,
    write: (s, token) => sending('members.changeStatus', () => post(`/members/${s.member.memberNumber}/status`, { status: 'left', on: t.today(), reason: '迁往外地' }, token)),
    stored: (s) => ({ member: memberState(s.member.memberNumber), cards: cardState(s) }),
  }),
  writeCase({
    route: 'POST /members/:number/status/correction',
    as: 'admin',
    prepare: async () => {
      const member = await createMember(t, 'A1', { since: SINCE });
      expect((await post(`/members/${member.memberNumber}/status`, { status: 'left', on: t.today(), reason: '误登记' }, admin)).status).toBe(200);
      return member;
    },
    write: (member, token) => sending('members.correctStatus', () => post(`/members/${member.memberNumber}/status/correction`, { reason: '登记错了人' }, token)),
    stored: (member) => memberState(member.memberNumber),
  }),
  writeCase({
    route: 'POST /members/:number/mobile-periods',
    prepare: () => createMember(t, 'B1', { since: SINCE }),
    write: (member, token) => sending('mobilePeriods.register', () => post(`/members/${member.memberNumber}/mobile-periods`, { org: 'A1', from: t.today() }, token)),
    stored: (member) => memberState(member.memberNumber),
  }),
  writeCase({
    route: 'POST /mobile-periods/:id/extend',
    prepare: mobileRegistration,
    write: (s, token) => sending('mobilePeriods.extend', () => post(`/mobile-periods/${s.id}/extend`, { to: dayAfter(60) }, token)),
    stored: (s) => memberState(s.member.memberNumber),
  }),
  writeCase({
    route: 'POST /mobile-periods/:id/end',
    prepare: mobileRegistration,
    write: (s, token) => sending('mobilePeriods.end', () => post(`/mobile-periods/${s.id}/end`, {}, token)),
    stored: (s) => memberState(s.member.memberNumber),
  }),
  writeCase({
    route: 'POST /users',
    prepare: async () => ({ username: `made-${next()}`, password: PASSWORD, role: 'secretary', org: 'A1' }),
    write: (body, token) => sending('users.create', () => post('/users', body, token)),
    stored: (body) => ({ users: value('SELECT count(*) FROM users WHERE username = ?', body.username), trail: trail('user', body.username) }),
  }),
  writeCase({
    route: 'POST /users/:id/member',
    prepare: async () => ({ user: (await userWithSession('secretary', 'A1')).user, member: await createMember(t, 'A1', { since: SINCE }) }),
    write: (s, token) => sending('users.linkMember', () => post(`/users/${s.user.id}/member`, { member: s.member.memberNumber }, token)),
    stored: (s) => userState(s.user),
  }),
  writeCase({
    route: 'POST /users/:id/display-name',
    prepare: async () => (await userWithSession('secretary', 'A1')).user,
    write: (user, token) => sending('users.setDisplayName', () => post(`/users/${user.id}/display-name`, { displayName: '王小明' }, token)),
    stored: userState,
  }),
  writeCase({
    route: 'POST /users/:id/disable',
    prepare: async () => (await userWithSession('secretary', 'A1')).user,
    write: (user, token) => sending('users.setDisabled', () => post(`/users/${user.id}/disable`, undefined, token)),
    stored: userState,
  }),
  writeCase({
    route: 'POST /users/:id/enable',
    prepare: async () => {
      const { user } = await userWithSession('secretary', 'A1');
      expect((await post(`/users/${user.id}/disable`, undefined, admin)).status).toBe(200);
      return user;
    },
    write: (user, token) => sending('users.setDisabled', () => post(`/users/${user.id}/enable`, undefined, token)),
    stored: userState,
  }),
  writeCase({
    route: 'POST /users/:id/password',
    prepare: async () => (await userWithSession('secretary', 'A1')).user,
    write: (user, token) => sending('users.setPasswordHash', () => post(`/users/${user.id}/password`, { newPassword: 'given-in-person-1' }, token)),
    stored: userState,
  }),
  writeCase({
    route: 'POST /users/:id/role',
    as: 'admin',
    prepare: async () => (await userWithSession('secretary', 'A1')).user,
    write: (user, token) => sending('users.changeRole', () => post(`/users/${user.id}/role`, { role: 'organiser', org: 'A' }, token)),
    stored: userState,
  }),
  writeCase({
    route: 'POST /auth/password',
    prepare: async () => undefined,
    write: (_, token) => sending('users.setPasswordHash', () => post('/auth/password', { currentPassword: PASSWORD, newPassword: 'another-long-password' }, token)),
    // The writer's own account: the trail around the writer shows the change, and the generation counts it.
    stored: (_, writer) => value('SELECT session_generation FROM users WHERE id = ?', writer.id),
  }),
  writeCase({
    route: 'POST /auth/renew',
    prepare: async () => undefined,
    // A renewal writes nothing: it answers from what it read, and a token it gave before the end is refused with the
    // rest of the session.
    write: (_, token) => sending('nothing', () => post('/auth/renew', undefined, token)),
    stored: () => null,
  }),
  writeCase({
    route: 'POST /auth/logout',
    prepare: async () => undefined,
    write: (_, token) => sending('sessions.end', () => post('/auth/logout', undefined, token)),
    // The footprint counts the writer's session among those signed out.
    stored: () => null,
  }),
  writeCase({
    route: 'POST /issuers',
    as: 'admin',
    prepare: async () => (await generateIssuerKey(`ending-${next()}`)).publicJwk,
    write: (jwk, token) => sending('issuers.register', () => post('/issuers', jwk, token)),
    stored: (jwk) => ({ issuers: value('SELECT count(*) FROM issuers WHERE kid = ?', jwk.kid), trail: trail('issuer', jwk.kid) }),
  }),
  writeCase({
    route: 'POST /cards',
    prepare: async () => {
      const member = await createMember(t, 'A1', { since: SINCE });
      return { member, seq: value('SELECT seq FROM revocation_state') as number, credential: (await credentialFor(issuer, member, { now: t.clock.now() })).jwt };
    },
    write: (s, token) => sending('cards.register', () => post('/cards', { credential: s.credential }, token)),
    stored: (s) => cardState(s),
  }),
  writeCase({
    route: 'POST /cards/:csn/revoke',
    prepare: memberWithCard,
    write: (s, token) => sending('cards.revoke', () => post(`/cards/${s.csn}/revoke`, { reason: 'lost' }, token)),
    stored: (s) => cardState(s),
  }),
  writeCase({
    route: 'POST /cards/:csn/replace',
    prepare: async () => {
      const s = await memberWithCard();
      return { ...s, replacement: (await credentialFor(issuer, s.member, { now: t.clock.now() })).jwt };
    },
    write: (s, token) => sending('cards.replace', () => post(`/cards/${s.csn}/replace`, { credential: s.replacement }, token)),
    stored: (s) => cardState(s),
  }),
  writeCase({
    route: 'POST /kiosks/enrolment-tokens',
    prepare: async () => count('kiosk_enrolment_tokens'),
    write: (_, token) => sending('kiosks.createEnrolmentToken', () => post('/kiosks/enrolment-tokens', { org: 'A1' }, token)),
    stored: (before) => count('kiosk_enrolment_tokens') - before,
  }),
  writeCase({
    route: 'POST /kiosks/:kid/disable',
    prepare: async () => (await t.enrollKiosk('A1')).kid,
    write: (kid, token) => sending('kiosks.disable', () => post(`/kiosks/${kid}/disable`, undefined, token)),
    stored: (kid) => ({ disabled: value('SELECT disabled_at IS NOT NULL FROM kiosks WHERE kid = ?', kid), trail: trail('kiosk', kid) }),
  }),
  writeCase({
    route: 'POST /meeting-kinds',
    as: 'admin',
    prepare: async () => ({ code: `added_${next()}`, nameZh: '专题学习', nameEn: 'Study session' }),
    write: (body, token) => sending('meetings.addKind', () => post('/meeting-kinds', body, token)),
    stored: (body) => ({ kinds: value('SELECT count(*) FROM meeting_kinds WHERE code = ?', body.code), trail: trail('meeting-kind', body.code) }),
  }),
  writeCase({
    route: 'POST /meeting-kinds/:code/rename',
    as: 'admin',
    prepare: newMeetingKind,
    write: (code, token) => sending('meetings.renameKind', () => post(`/meeting-kinds/${code}/rename`, { nameEn: 'New name' }, token)),
    stored: (code) => ({ name: value('SELECT name_en FROM meeting_kinds WHERE code = ?', code), trail: trail('meeting-kind', code) }),
  }),
  writeCase({
    route: 'POST /meeting-kinds/:code/retire',
    as: 'admin',
    prepare: newMeetingKind,
    write: (code, token) => sending('meetings.retireKind', () => post(`/meeting-kinds/${code}/retire`, undefined, token)),
    stored: (code) => ({ active: value('SELECT active FROM meeting_kinds WHERE code = ?', code), trail: trail('meeting-kind', code) }),
  }),
  writeCase({
    route: 'POST /meetings',
    prepare: async () => count('meetings'),
    write: (_, token) => {
      const startsAt = t.clock.now().getTime() + DAY;
      const body = { org: 'A1', kind: 'general_meeting', startsAt: new Date(startsAt).toISOString(), endsAt: new Date(startsAt + 3_600_000).toISOString() };
      return sending('meetings.schedule', () => post('/meetings', body, token));
    },
    stored: (before) => count('meetings') - before,
  }),
  writeCase({
    route: 'POST /transfers',
    prepare: () => createMember(t, 'A1', { since: SINCE }),
    write: (member, token) => sending('transfers.issue', () => post('/transfers', { member: member.memberNumber, toOrg: 'B1', reason: '工作调动' }, token)),
    stored: (member) => ({
      letters: rows(`SELECT status FROM transfers WHERE member_id = ${MEMBER_ID}`, member.memberNumber).flat(),
      trail: rows(`SELECT action FROM audit_log WHERE target_type = 'transfer' AND target_id IN (SELECT id FROM transfers WHERE member_id = ${MEMBER_ID})`, member.memberNumber).flat(),
    }),
  }),
  ...(['accept', 'return', 'cancel'] as const).map((step) =>
    writeCase({
      route: `POST /transfers/:id/${step}`,
      prepare: memberWithLetter,
      write: (s, token) => sending(step === 'accept' ? 'transfers.accept' : 'transfers.close', () => post(`/transfers/${s.letter}/${step}`, step === 'accept' ? undefined : { reason: '材料不全' }, token)),
      stored: letterState,
    }),
  ),
  ...(['acknowledge', 'resolve'] as const).map((step) =>
    writeCase({
      route: `POST /findings/:id/${step}`,
      prepare: liveFinding,
      write: (id, token) => sending('findings.act', () => post(`/findings/${id}/${step}`, { note: '已谈话' }, token)),
      stored: findingState,
    }),
  ),
  writeCase({
    route: 'PUT /diagnostics/thresholds',
    // A branch of its own for each race: one threshold row is one organisation's.
    prepare: async () => expectOk(await post('/orgs', { code: `TH-${next()}`, name: '新支部', kind: 'branch', parent: 'A' }, admin), 201, OrgSchema).code,
    write: (org, token) =>
      sending('findings.setThresholds', () => t.call('PUT', '/api/v1/diagnostics/thresholds', { token, json: { org, orgKind: null, family: 'six-month', settings: { warnMonths: 2 } } })),
    stored: (org) => ({
      settings: value(`SELECT settings FROM diagnostic_thresholds WHERE org_id = (SELECT id FROM organisations WHERE code = ?)`, org),
      trail: rows(`SELECT action FROM audit_log WHERE target_type = 'thresholds' AND target_id LIKE ? ORDER BY id`, `${org}/%`).flat(),
    }),
  }),
];

/**
 * How a writer's session ends: by the admin (every session of theirs ends with it), or by the writer signing out of
 * it. The request, the writer method it calls, and its answer.
 */
const ENDINGS: { how: string; end(writer: Writer): RacingRequest; answer: string; only?: string[]; except?: string[] }[] = [
  { how: 'disabled', end: ({ user }) => sending('users.setDisabled', () => post(`/users/${user.id}/disable`, undefined, admin)), answer: '200' },
  {
    how: 'moved to another organisation',
    end: ({ user }) =>
      sending('users.changeRole', () => post(`/users/${user.id}/role`, user.role === 'admin' ? { role: 'organiser', org: 'CTY' } : { role: 'organiser', org: 'A' }, admin)),
    answer: '200',
  },
  {
    how: 'given a new password',
    end: ({ user }) => sending('users.setPasswordHash', () => post(`/users/${user.id}/password`, { newPassword: 'given-in-person-1' }, admin)),
    answer: '200',
    // A password is hashed slowly on purpose, and the session is refused as after a move (a newer generation): a few
    // writes that weigh most are raced against it, the rest against the other endings.
    only: ['POST /members/import', 'POST /cards/:csn/revoke', 'POST /transfers', 'POST /members/:number/status'],
  },
  {
    how: 'signed out',
    end: ({ token }) => sending('sessions.end', () => post('/auth/logout', undefined, token)),
    answer: '204',
    // Signing out and changing one's own password each end the session the other is sent with: whichever comes
    // second is refused, in either order. Signing out against itself is signing out twice (sign-out.test.ts).
    except: ['POST /auth/logout', 'POST /auth/password'],
  },
];

/** The writer's session, as its token names it. */
const sessionOf = (token: string): string => String(decodeJwt(token).sid);

/** Every route a signed-in person writes through: user routes other than GET, less those whose action only reads. */
const writeRoutes = (): string[] =>
  API_ROUTES.filter((route) => route.auth.kind === 'user' && route.method !== 'get' && !route.auth.action.endsWith('.read'))
    .map((route) => `${route.method.toUpperCase()} ${route.path}`)
    .sort();

beforeAll(async () => {
  // Twenty-four members four months silent: a six-month finding for each race that acts on one (two writes, four races
  // each, under three endings).
  w = await startFindingsWorld({ A1: 24 });
  t = w.t;
  admin = await t.adminToken();
  issuer = await registeredIssuer(t);
  passwordHash = await hashPassword(PASSWORD);
});
afterAll(() => w?.t.close());

it('races every write a person makes over the API', () => {
  expect(WRITES.map((write) => write.route).sort()).toEqual(writeRoutes());
});

describe.each(ENDINGS)('a write by a person who is $how while it waits for its turn', ({ end, answer, only, except = [] }) => {
  const races = (route: string): boolean => (only === undefined || only.includes(route)) && !except.includes(route);
  const raced = WRITES.filter((write) => races(write.route));
  it('races writes the server has', () => expect(raced.map((write) => write.route).sort()).toEqual([...(only ?? writeRoutes())].filter(races).sort()));
  it.each(raced.map((write) => [write.route, write] as const))('%s lands before the session ends, or is refused with nothing written', async (_, write) => {
    const orders = await expectOneOrder(t, {
      prepare: async () => ({ writer: await userWithSession(write.as ?? 'organiser', write.as ? undefined : 'CTY'), subject: await write.prepare() }),
      first: (s) => end(s.writer),
      second: (s) => write.write(s.subject, s.writer.token, s.writer.user),
      footprint: (s) => ({
        // What the writer did and what was done to them, in the order it was written: no write of theirs after the end.
        writer: rows(`SELECT action FROM audit_log WHERE actor = ? OR (target_type = 'user' AND target_id = ?) ORDER BY id`, `user:${s.writer.user.username}`, s.writer.user.username).flat(),
        signedOut: value('SELECT count(*) FROM ended_sessions WHERE sid = ?', sessionOf(s.writer.token)),
        stored: write.stored(s.subject, s.writer.user),
      }),
    });
    expect(orders.firstThenSecond).toEqual([answer, REFUSED]);
    expect(orders.secondThenFirst).toEqual([answer, expect.stringMatching(/^2\d\d$/)]);
  });
});

describe("a write that ends the writer's own session", () => {
  it('an admin giving themselves another role: the change lands with its trail row, and the session it ended goes no further', async () => {
    const { user, token } = await userWithSession('admin');
    expect((await post(`/users/${user.id}/role`, { role: 'auditor', org: 'A' }, token)).status).toBe(200);
    expect(rows('SELECT actor, action, summary FROM audit_log WHERE target_type = ? AND target_id = ? ORDER BY id', 'user', user.username).at(-1)).toEqual([
      `user:${user.username}`,
      'user.role',
      JSON.stringify({ before: { role: 'admin', org: null }, after: { role: 'auditor', org: 'A' } }),
    ]);
    expect(rows('SELECT role, session_generation FROM users WHERE id = ?', user.id)).toEqual([['auditor', user.sessionGeneration + 1]]);
    expect((await t.call('GET', '/api/v1/auth/me', { token })).status).toBe(401);
  });

  it('a person changing their own password: the change lands with its trail row, and only the fresh session it returns goes on', async () => {
    const { user, token } = await userWithSession('secretary', 'A1');
    const changed = await post('/auth/password', { currentPassword: PASSWORD, newPassword: 'another-long-password' }, token);
    expect(changed.status).toBe(200);
    expect(trail('user', user.username)).toEqual(['user.create', 'user.password']);
    expect((await t.call('GET', '/api/v1/auth/me', { token })).status).toBe(401);
    expect((await t.call('GET', '/api/v1/auth/me', { token: (changed.body as { token: string }).token })).status).toBe(200);
  });
});
