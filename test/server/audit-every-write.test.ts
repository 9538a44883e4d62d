import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateIssuerKey, type IssuerKeyFile } from '../../shared/issuance/issuer-key.ts';
import { API_ROUTES } from '../../server/http/app.ts';
import { AuditListSchema, type AuditEntrySchema } from '../../server/schemas/audit.ts';
import { CardSchema } from '../../server/schemas/cards.ts';
import { MemberSchema } from '../../server/schemas/members.ts';
import { MobilePeriodSchema } from '../../server/schemas/mobile-periods.ts';
import { TransferSchema } from '../../server/schemas/transfers.ts';
import { LoginResultSchema, UserSchema } from '../../server/schemas/users.ts';
import type { z } from 'zod';
import { startFindingsWorld, type FindingsWorld } from './support/findings-world.ts';
import { createMember, credentialFor, meetingTimes, registeredIssuer, validIdNumber, type TestMember } from './support/fixtures.ts';
import { expectOk, type ApiResponse } from './support/http.ts';
import type { TestServer } from './support/test-server.ts';
import { DAY, issued, memberSince } from './support/transfer-world.ts';

type AuditEntry = z.infer<typeof AuditEntrySchema>;

/** The audit row a write must leave: who did what to which target (a target id the API does not show is left out). */
interface Expected {
  action: string;
  targetType: string;
  targetId?: string;
}

interface Context {
  t: TestServer;
  w: FindingsWorld;
  issuer: IssuerKeyFile;
  /** the organiser every write runs as, unless it is an admin's */
  organiser: { username: string; password: string; token: string };
}

interface WriteCase {
  /** METHOD path, as the route is declared */
  route: string;
  /** admin-only routes run as the admin; every other one as an organiser */
  as?: 'admin';
  /** what the write needs to exist first (made by the admin, before the trail is read) */
  prepare?(c: Context): Promise<unknown>;
  /** `prepared` is what this case's own `prepare` made; each case names its type */
  perform(c: Context, token: string, prepared: never): Promise<{ response: ApiResponse; expected: Expected }>;
}

let unique = 0;
const next = (): number => ++unique;
const admin = (c: Context): Promise<string> => c.t.adminToken();
type UserView = z.infer<typeof UserSchema>;
const newUser = async (c: Context): Promise<UserView> => {
  const json = { username: `trail-${next()}`, password: 'a-long-enough-password', role: 'secretary', org: 'A1' };
  return expectOk(await c.t.call('POST', '/api/v1/users', { token: await admin(c), json }), 201, UserSchema);
};
const newCard = async (c: Context): Promise<{ csn: string; member: TestMember }> => {
  const member = await createMember(c.t, 'A1');
  const { jwt } = await credentialFor(c.issuer, member, { now: c.t.clock.now() });
  return { csn: expectOk(await c.t.call('POST', '/api/v1/cards', { token: await admin(c), json: { credential: jwt } }), 201, CardSchema).csn, member };
};
const newMobilePeriod = async (c: Context): Promise<number> => {
  const now = c.t.clock.now().getTime();
  const member = await createMember(c.t, 'A1', { since: c.t.dayOf(new Date(now - 400 * DAY)) });
  // Begun ten days ago and open for a month more: it can be both extended and ended today.
  const json = { org: 'B1', from: c.t.dayOf(new Date(now - 10 * DAY)), to: c.t.dayOf(new Date(now + 30 * DAY)) };
  return expectOk(await c.t.call('POST', `/api/v1/members/${member.memberNumber}/mobile-periods`, { token: await admin(c), json }), 201, MobilePeriodSchema).id;
};
const openLetter = async (c: Context): Promise<string> =>
  (await issued(c.t, (await memberSince(c.t, 'A1', c.t.dayOf(new Date(c.t.clock.now().getTime() - 400 * DAY)))).memberNumber, 'B1')).id;
/** findings already taken by a case: each acts on a finding of its own */
const takenFindings = new Set<number>();
const liveFinding = async (c: Context): Promise<number> => {
  const finding = (await c.w.sixMonth('A1')).find((candidate) => !takenFindings.has(candidate.id));
  if (!finding) throw new Error('no six-month finding left to act on');
  takenFindings.add(finding.id);
  return finding.id;
};

/** Every write a person can make over the API, once each. */
const WRITES: WriteCase[] = [
  {
    route: 'POST /orgs',
    async perform(c, token) {
      const code = `T${next()}`;
      return { response: await c.t.call('POST', '/api/v1/orgs', { token, json: { code, name: '新支部', kind: 'branch', parent: 'A' } }), expected: { action: 'org.create', targetType: 'org', targetId: code } };
    },
  },
  {
    route: 'POST /members',
    async perform(c, token) {
      const json = { memberNumber: `T${next()}`, name: '新党员', idNumber: validIdNumber(150_000 + next()), homeOrg: 'A1' };
      return { response: await c.t.call('POST', '/api/v1/members', { token, json }), expected: { action: 'member.create', targetType: 'member', targetId: json.memberNumber } };
    },
  },
  {
    route: 'POST /members/import',
    async perform(c, token) {
      const number = `T${next()}`;
      const raw = `member_number,name,id_number,org\n${number},导入,${validIdNumber(160_000 + next())},A1\n`;
      return { response: await c.t.call('POST', '/api/v1/members/import', { token, raw, contentType: 'text/csv' }), expected: { action: 'member.import', targetType: 'member', targetId: number } };
    },
  },
  {
    route: 'POST /members/:number/status',
    prepare: (c) => createMember(c.t, 'A1'),
    async perform(c, token, member: { memberNumber: string }) {
      const json = { status: 'suspended', on: c.t.today(), reason: '外出未归' };
      return {
        response: await c.t.call('POST', `/api/v1/members/${member.memberNumber}/status`, { token, json }),
        expected: { action: 'member.status', targetType: 'member', targetId: member.memberNumber },
      };
    },
  },
  {
    route: 'POST /members/:number/status/correction',
    as: 'admin',
    prepare: async (c) => {
      const member = await createMember(c.t, 'A1', { since: '2020-01-01' });
      const left = { status: 'left', on: c.t.today(), reason: '出国' };
      expectOk(await c.t.call('POST', `/api/v1/members/${member.memberNumber}/status`, { token: await admin(c), json: left }), 200, MemberSchema);
      return member;
    },
    async perform(c, token, member: { memberNumber: string }) {
      return {
        response: await c.t.call('POST', `/api/v1/members/${member.memberNumber}/status/correction`, { token, json: { reason: '登记错了人' } }),
        expected: { action: 'member.status.correct', targetType: 'member', targetId: member.memberNumber },
      };
    },
  },
  {
    route: 'POST /members/:number/mobile-periods',
    prepare: (c) => createMember(c.t, 'A1'),
    async perform(c, token, member: { memberNumber: string }) {
      const json = { org: 'B1', from: c.t.today() };
      return {
        response: await c.t.call('POST', `/api/v1/members/${member.memberNumber}/mobile-periods`, { token, json }),
        expected: { action: 'member.period.add', targetType: 'member', targetId: member.memberNumber },
      };
    },
  },
  {
    route: 'POST /mobile-periods/:id/extend',
    prepare: newMobilePeriod,
    async perform(c, token, id: number) {
      const json = { to: c.t.dayOf(new Date(c.t.clock.now().getTime() + 90 * DAY)) };
      return { response: await c.t.call('POST', `/api/v1/mobile-periods/${id}/extend`, { token, json }), expected: { action: 'mobile.extend', targetType: 'member' } };
    },
  },
  {
    route: 'POST /mobile-periods/:id/end',
    prepare: newMobilePeriod,
    async perform(c, token, id: number) {
      return { response: await c.t.call('POST', `/api/v1/mobile-periods/${id}/end`, { token, json: {} }), expected: { action: 'mobile.end', targetType: 'member' } };
    },
  },
  {
    route: 'POST /users',
    async perform(c, token) {
      const json = { username: `trail-${next()}`, password: 'a-long-enough-password', role: 'auditor', org: 'A' };
      return { response: await c.t.call('POST', '/api/v1/users', { token, json }), expected: { action: 'user.create', targetType: 'user', targetId: json.username } };
    },
  },
  {
    route: 'POST /users/:id/member',
    prepare: async (c) => ({ user: await newUser(c), member: await createMember(c.t, 'A1') }),
    async perform(c, token, { user, member }: { user: UserView; member: { memberNumber: string } }) {
      return {
        response: await c.t.call('POST', `/api/v1/users/${user.id}/member`, { token, json: { member: member.memberNumber } }),
        expected: { action: 'user.link-member', targetType: 'user', targetId: user.username },
      };
    },
  },
  {
    route: 'POST /users/:id/display-name',
    prepare: newUser,
    async perform(c, token, user: UserView) {
      return {
        response: await c.t.call('POST', `/api/v1/users/${user.id}/display-name`, { token, json: { displayName: '改过的名字' } }),
        expected: { action: 'user.display-name', targetType: 'user', targetId: user.username },
      };
    },
  },
  {
    route: 'POST /users/:id/disable',
    prepare: newUser,
    async perform(c, token, user: UserView) {
      return { response: await c.t.call('POST', `/api/v1/users/${user.id}/disable`, { token }), expected: { action: 'user.disable', targetType: 'user', targetId: user.username } };
    },
  },
  {
    route: 'POST /users/:id/enable',
    prepare: async (c) => {
      const user = await newUser(c);
      expectOk(await c.t.call('POST', `/api/v1/users/${user.id}/disable`, { token: await admin(c) }), 200, UserSchema);
      return user;
    },
    async perform(c, token, user: UserView) {
      return { response: await c.t.call('POST', `/api/v1/users/${user.id}/enable`, { token }), expected: { action: 'user.enable', targetType: 'user', targetId: user.username } };
    },
  },
  {
    route: 'POST /users/:id/password',
    prepare: newUser,
    async perform(c, token, user: UserView) {
      return {
        response: await c.t.call('POST', `/api/v1/users/${user.id}/password`, { token, json: { newPassword: 'given-in-person-1' } }),
        expected: { action: 'user.password.reset', targetType: 'user', targetId: user.username },
      };
    },
  },
  {
    route: 'POST /users/:id/role',
    as: 'admin',
    prepare: newUser,
    async perform(c, token, user: UserView) {
      return {
        response: await c.t.call('POST', `/api/v1/users/${user.id}/role`, { token, json: { role: 'organiser', org: 'A' } }),
        expected: { action: 'user.role', targetType: 'user', targetId: user.username },
      };
    },
  },
  {
    route: 'POST /auth/password',
    async perform(c, token) {
      const json = { currentPassword: c.organiser.password, newPassword: 'another-long-password' };
      const response = await c.t.call('POST', '/api/v1/auth/password', { token, json });
      // The change ends the session it was made with; the organiser goes on with the fresh one it returns.
      const fresh = LoginResultSchema.safeParse(response.body);
      if (fresh.success) c.organiser = { username: c.organiser.username, password: json.newPassword, token: fresh.data.token };
      return { response, expected: { action: 'user.password', targetType: 'user', targetId: c.organiser.username } };
    },
  },
  {
    route: 'POST /issuers',
    as: 'admin',
    async perform(c, token) {
      const issuer = await generateIssuerKey(`trail-od-${next()}`);
      return { response: await c.t.call('POST', '/api/v1/issuers', { token, json: issuer.publicJwk }), expected: { action: 'issuer.register', targetType: 'issuer', targetId: issuer.kid } };
    },
  },
  {
    route: 'POST /cards',
    prepare: (c) => createMember(c.t, 'A1'),
    async perform(c, token, member: TestMember) {
      const { jwt, serial } = await credentialFor(c.issuer, member, { now: c.t.clock.now() });
      return { response: await c.t.call('POST', '/api/v1/cards', { token, json: { credential: jwt } }), expected: { action: 'card.register', targetType: 'card', targetId: serial } };
    },
  },
  {
    route: 'POST /cards/:csn/revoke',
    prepare: newCard,
    async perform(c, token, { csn }: { csn: string }) {
      return { response: await c.t.call('POST', `/api/v1/cards/${csn}/revoke`, { token, json: { reason: 'lost' } }), expected: { action: 'card.revoke', targetType: 'card', targetId: csn } };
    },
  },
  {
    route: 'POST /cards/:csn/replace',
    prepare: newCard,
    async perform(c, token, { csn, member }: { csn: string; member: TestMember }) {
      const { jwt } = await credentialFor(c.issuer, member, { now: c.t.clock.now() });
      return { response: await c.t.call('POST', `/api/v1/cards/${csn}/replace`, { token, json: { credential: jwt } }), expected: { action: 'card.replace', targetType: 'card', targetId: csn } };
    },
  },
  {
    route: 'POST /kiosks/enrolment-tokens',
    async perform(c, token) {
      return { response: await c.t.call('POST', '/api/v1/kiosks/enrolment-tokens', { token, json: { org: 'A1' } }), expected: { action: 'kiosk.token.create', targetType: 'enrolment-token' } };
    },
  },
  {
    route: 'POST /kiosks/:kid/disable',
    prepare: async (c) => (await c.t.enrollKiosk('A1')).kid,
    async perform(c, token, kid: string) {
      return { response: await c.t.call('POST', `/api/v1/kiosks/${kid}/disable`, { token }), expected: { action: 'kiosk.disable', targetType: 'kiosk', targetId: kid } };
    },
  },
  {
    route: 'POST /meeting-kinds',
    as: 'admin',
    async perform(c, token) {
      const code = `trail_${next()}`;
      return {
        response: await c.t.call('POST', '/api/v1/meeting-kinds', { token, json: { code, nameZh: '专题学习', nameEn: 'Study session' } }),
        expected: { action: 'meeting-kind.add', targetType: 'meeting-kind', targetId: code },
      };
    },
  },
  {
    route: 'POST /meeting-kinds/:code/rename',
    as: 'admin',
    prepare: async (c) => {
      const code = `trail_${next()}`;
      expect((await c.t.call('POST', '/api/v1/meeting-kinds', { token: await admin(c), json: { code, nameZh: '旧名', nameEn: 'Old name' } })).status).toBe(201);
      return code;
    },
    async perform(c, token, code: string) {
      return {
        response: await c.t.call('POST', `/api/v1/meeting-kinds/${code}/rename`, { token, json: { nameEn: 'New name' } }),
        expected: { action: 'meeting-kind.rename', targetType: 'meeting-kind', targetId: code },
      };
    },
  },
  {
    route: 'POST /meeting-kinds/:code/retire',
    as: 'admin',
    prepare: async (c) => {
      const code = `trail_${next()}`;
      expect((await c.t.call('POST', '/api/v1/meeting-kinds', { token: await admin(c), json: { code, nameZh: '停用', nameEn: 'To retire' } })).status).toBe(201);
      return code;
    },
    async perform(c, token, code: string) {
      return { response: await c.t.call('POST', `/api/v1/meeting-kinds/${code}/retire`, { token }), expected: { action: 'meeting-kind.retire', targetType: 'meeting-kind', targetId: code } };
    },
  },
  {
    route: 'POST /meetings',
    async perform(c, token) {
      const json = { org: 'A1', kind: 'general_meeting', ...meetingTimes(c.t, 30, 2) };
      const response = await c.t.call('POST', '/api/v1/meetings', { token, json });
      return { response, expected: { action: 'meeting.schedule', targetType: 'meeting', targetId: (response.body as { id?: string } | undefined)?.id } };
    },
  },
  {
    route: 'POST /transfers',
    prepare: (c) => memberSince(c.t, 'A1', c.t.dayOf(new Date(c.t.clock.now().getTime() - 400 * DAY))),
    async perform(c, token, member: { memberNumber: string }) {
      const response = await c.t.call('POST', '/api/v1/transfers', { token, json: { member: member.memberNumber, toOrg: 'B1', reason: '工作调动' } });
      return { response, expected: { action: 'transfer.issue', targetType: 'transfer', targetId: TransferSchema.safeParse(response.body).data?.id } };
    },
  },
  ...(['accept', 'return', 'cancel'] as const).map(
    (step): WriteCase => ({
      route: `POST /transfers/:id/${step}`,
      prepare: openLetter,
      async perform(c, token, id: string) {
        const json = step === 'accept' ? undefined : { reason: '材料不全' };
        return {
          response: await c.t.call('POST', `/api/v1/transfers/${id}/${step}`, { token, ...(json && { json }) }),
          expected: { action: `transfer.${step}`, targetType: 'transfer', targetId: id },
        };
      },
    }),
  ),
  ...(['acknowledge', 'resolve'] as const).map(
    (step): WriteCase => ({
      route: `POST /findings/:id/${step}`,
      prepare: liveFinding,
      async perform(c, token, id: number) {
        return {
          response: await c.t.call('POST', `/api/v1/findings/${id}/${step}`, { token, json: { note: '已谈话' } }),
          expected: { action: `finding.${step}`, targetType: 'finding', targetId: String(id) },
        };
      },
    }),
  ),
  {
    route: 'PUT /diagnostics/thresholds',
    async perform(c, token) {
      const json = { org: 'A1', orgKind: null, family: 'six-month', settings: { warnMonths: 2 } };
      return { response: await c.t.call('PUT', '/api/v1/diagnostics/thresholds', { token, json }), expected: { action: 'thresholds.set', targetType: 'thresholds', targetId: 'A1/*/six-month' } };
    },
  },
];

/**
 * Renewing one's session and signing out of it change nothing of the organisation's: like signing in, they leave no
 * row in the trail (a sign-out is kept, for as long as it matters, in the ended sessions).
 */
const OWN_SESSION: readonly string[] = ['session.renew', 'session.end'];

/** Every route a signed-in person writes through: user routes other than GET, less those whose action only reads or concerns their own session. */
const writeRoutes = (): string[] =>
  API_ROUTES.filter((route) => route.auth.kind === 'user' && route.method !== 'get' && !route.auth.action.endsWith('.read') && !OWN_SESSION.includes(route.auth.action))
    .map((route) => `${route.method.toUpperCase()} ${route.path}`)
    .sort();

describe('the audit trail of every write a person makes', () => {
  let c: Context;

  beforeAll(async () => {
    const w = await startFindingsWorld({ A1: 2 });
    const issuer = await registeredIssuer(w.t);
    const organiser = { username: 'trail-organiser', password: 'a-long-enough-password' };
    expectOk(await w.t.call('POST', '/api/v1/users', { token: await w.t.adminToken(), json: { ...organiser, role: 'organiser', org: 'CTY' } }), 201, UserSchema);
    c = { t: w.t, w, issuer, organiser: { ...organiser, token: await w.t.login(organiser.username, organiser.password) } };
  });
  afterAll(() => c?.t.close());

  it('covers every write route the server has', () => {
    expect(WRITES.map((write) => write.route).sort()).toEqual(writeRoutes());
  });

  it('leaves one audit row per write, naming who did it, the action and the target', async () => {
    const trail = async (): Promise<AuditEntry[]> => expectOk(await c.t.call('GET', '/api/v1/audit?limit=1000', { token: await c.t.adminToken() }), 200, AuditListSchema).entries;
    const outcomes: { route: string; status: number; rows: Partial<AuditEntry>[]; expected: Partial<AuditEntry> }[] = [];
    for (const write of WRITES) {
      const prepared = await write.prepare?.(c);
      const lastId = (await trail())[0]?.id ?? 0;
      const token = write.as === 'admin' ? await c.t.adminToken() : c.organiser.token;
      const { response, expected } = await write.perform(c, token, prepared as never);
      const actor = `user:${write.as === 'admin' ? 'admin' : c.organiser.username}`;
      const rows = (await trail())
        .filter((entry) => entry.id > lastId && entry.action === expected.action)
        .map(({ actor: who, action, targetType, targetId }) => ({ actor: who, action, targetType, targetId }));
      outcomes.push({ route: write.route, status: response.status, rows, expected: { actor, ...expected } });
    }
    for (const outcome of outcomes) {
      expect(outcome.status, `${outcome.route} answered`).toBeGreaterThanOrEqual(200);
      expect(outcome.status, `${outcome.route} answered`).toBeLessThan(300);
      expect(outcome.rows, `${outcome.route} audit rows`).toEqual([expect.objectContaining(outcome.expected)]);
    }
  });
});
