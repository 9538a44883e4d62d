import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateIssuerKey, type IssuerKeyFile } from '../../shared/issuance/issuer-key.ts';
import { hashPassword } from '../../server/crypto/password-hash.ts';
import { startSession } from '../../server/domain/sessions.ts';
import type { Role } from '../../server/schemas/common.ts';
import { CardSchema } from '../../server/schemas/cards.ts';
import { FindingListSchema } from '../../server/schemas/findings.ts';
import { EnrolmentTokenSchema } from '../../server/schemas/kiosks.ts';
import { MeetingKindSchema } from '../../server/schemas/meetings.ts';
import { MobilePeriodSchema } from '../../server/schemas/mobile-periods.ts';
import type { User } from '../../server/store/repositories/users.ts';
import { FOUR_MONTHS_MS } from './support/findings-world.ts';
import { createMember, createTree, credentialFor, registeredIssuer, validIdNumber, type TestMember } from './support/fixtures.ts';
import { errorCode, expectOk, type ApiResponse } from './support/http.ts';
import { newKioskKey } from './support/kiosk-keys.ts';
import { operationName, operationsOf } from './support/openapi-operations.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { act, DAY, issue, issued } from './support/transfer-world.ts';
import { expectOneEffect, expectOneOrder, MEMBER_ID, race, RACE_MODES, storeReads, type RacingRequest } from './support/write-race.ts';

/** How many times one request is sent at once: a double click, a retry, and some. */
const TIMES = 6;
/** Requests that hash a password (scrypt, a deliberately slow fraction of a second each) are sent fewer times. */
const TIMES_HASHING = 5;
const PASSWORD = 'a-long-enough-password';
/** A day long before the test clock's today, when the members made here joined their branch. */
const SINCE = '2024-01-02';

let t: TestServer;
let admin: string;
let issuer: IssuerKeyFile;
/** PASSWORD hashed once: users made for a race are written with it, without a hash of their own each */
let passwordHash: string;
let unique = 0;
const next = (): number => ++unique;

const { rows, value, trail } = storeReads(() => t);
/** A member's periods as "ORG kind from→to", with "ended" when a person ended it early. */
const periodsOf = (memberNumber: string): string[] =>
  (
    rows(
      `SELECT o.code, p.kind, p.valid_from, p.valid_to, p.ended_at IS NOT NULL FROM membership_periods p JOIN organisations o ON o.id = p.org_id
       WHERE p.member_id = ${MEMBER_ID} ORDER BY p.valid_from, p.id`,
      memberNumber,
    ) as [string, string, string, string | null, number][]
  ).map(([org, kind, from, to, ended]) => `${org} ${kind} ${from}→${to ?? 'open'}${ended ? ' ended' : ''}`);
const memberState = (memberNumber: string): unknown => ({
  member: rows('SELECT status, status_since, status_reason FROM members WHERE member_number = ?', memberNumber),
  periods: periodsOf(memberNumber),
  trail: trail('member', memberNumber),
});
const dayAfter = (days: number): string => t.dayOf(new Date(t.clock.now().getTime() + days * DAY));

const post = (path: string, json?: unknown, token = admin): Promise<ApiResponse> => t.call('POST', `/api/v1${path}`, { token, ...(json === undefined ? {} : { json }) });
const sending = (writes: string, send: () => Promise<ApiResponse>): RacingRequest => ({ writes, send });

async function memberWithLetter(): Promise<{ member: TestMember; letter: string }> {
  const member = await createMember(t, 'A1', { since: SINCE });
  return { member, letter: (await issued(t, member.memberNumber, 'B1')).id };
}

async function memberWithCard(): Promise<{ member: TestMember; csn: string; replacement: string; seq: number }> {
  const member = await createMember(t, 'A1', { since: SINCE });
  const { jwt } = await credentialFor(issuer, member, { now: t.clock.now() });
  const csn = expectOk(await post('/cards', { credential: jwt }), 201, CardSchema).csn;
  const replacement = (await credentialFor(issuer, member, { now: t.clock.now() })).jwt;
  return { member, csn, replacement, seq: value('SELECT seq FROM revocation_state') as number };
}

const cardState = (s: Awaited<ReturnType<typeof memberWithCard>>): unknown => ({
  cards: rows(`SELECT status, csn = ?, replaced_by IS NOT NULL FROM cards WHERE member_id = ${MEMBER_ID} ORDER BY csn = ? DESC`, s.csn, s.member.memberNumber, s.csn),
  revocationListVersions: (value('SELECT seq FROM revocation_state') as number) - s.seq,
  trail: rows(`SELECT action FROM audit_log WHERE target_type = 'card' AND target_id IN (SELECT csn FROM cards WHERE member_id = ${MEMBER_ID}) ORDER BY id`, s.member.memberNumber).flat(),
});

/** A mobile registration at A1 of a member at home in B1, begun ten days ago and running for a month more. */
async function mobileRegistration(): Promise<{ member: TestMember; id: number }> {
  const member = await createMember(t, 'B1', { since: SINCE });
  const body = { org: 'A1', from: dayAfter(-10), to: dayAfter(30) };
  return { member, id: expectOk(await post(`/members/${member.memberNumber}/mobile-periods`, body), 201, MobilePeriodSchema).id };
}

/** A user written straight to the store with PASSWORD, and a session of theirs as signing in gives. */
async function userWithSession(role: Role, org?: string): Promise<{ user: User; token: string }> {
  const orgId = org === undefined ? null : (value('SELECT id FROM organisations WHERE code = ?', org) as number);
  const created = await t.server.store.write.users.create(
    { username: `racer-${next()}`, passwordHash, role, orgId },
    t.clock.now().toISOString(),
    { label: 'cli:test', userId: null },
  );
  const user = (await t.server.context.read.users.byId(created.id))!;
  return { user, token: (await startSession(t.server.context, user)).token };
}

const userState = (user: User): unknown => ({
  user: rows('SELECT role, org_id, disabled_at IS NOT NULL, session_generation, display_name FROM users WHERE id = ?', user.id),
  trail: trail('user', user.username),
});

async function newMeetingKind(): Promise<string> {
  const code = `race_${next()}`;
  expectOk(await post('/meeting-kinds', { code, nameZh: `赛跑${unique}`, nameEn: `Race ${unique}` }), 201, MeetingKindSchema);
  return code;
}

beforeAll(async () => {
  t = await startTestServer();
  await createTree(t);
  admin = await t.adminToken();
  issuer = await registeredIssuer(t);
  passwordHash = await hashPassword(PASSWORD);
});
afterAll(() => t.close());

describe('the same write sent several times at once (double clicks, retries, two people at one moment)', () => {
  it('two secretaries accepting one transfer letter: one acceptance, the member moves once', async () => {
    const outcome = await expectOneEffect(t, {
      prepare: memberWithLetter,
      request: (s) => sending('transfers.accept', () => act(t, admin, s.letter, 'accept')),
      footprint: (s) => ({ letter: rows('SELECT status, accepted_via FROM transfers WHERE id = ?', s.letter), trail: trail('transfer', s.letter), periods: periodsOf(s.member.memberNumber) }),
    }, TIMES);
    expect(outcome).toEqual({ first: '200', again: '409 ERR_TRANSFER_NOT_OPEN' });
  });

  it('a letter cancelled several times: cancelled once', async () => {
    const outcome = await expectOneEffect(t, {
      prepare: memberWithLetter,
      request: (s) => sending('transfers.close', () => act(t, admin, s.letter, 'cancel', { reason: '填错了' })),
      footprint: (s) => ({ letter: rows('SELECT status, close_reason FROM transfers WHERE id = ?', s.letter), trail: trail('transfer', s.letter) }),
    }, TIMES);
    expect(outcome).toEqual({ first: '200', again: '409 ERR_TRANSFER_NOT_OPEN' });
  });

  it('a letter issued several times for one member: one open letter', async () => {
    const outcome = await expectOneEffect(t, {
      prepare: () => createMember(t, 'A1', { since: SINCE }),
      request: (member) => sending('transfers.issue', () => issue(t, admin, { member: member.memberNumber, toOrg: 'B1' })),
      footprint: (member) => ({
        letters: rows(`SELECT status FROM transfers WHERE member_id = ${MEMBER_ID}`, member.memberNumber),
        trail: rows(`SELECT action FROM audit_log WHERE target_type = 'transfer' AND target_id IN (SELECT id FROM transfers WHERE member_id = ${MEMBER_ID})`, member.memberNumber).flat(),
      }),
    }, TIMES);
    expect(outcome).toEqual({ first: '201', again: '409 ERR_TRANSFER_ALREADY_OPEN' });
  });

  it('an organiser double-clicking "report lost": revoked once, one new version of the revocation list', async () => {
    const outcome = await expectOneEffect(t, {
      prepare: memberWithCard,
      request: (s) => sending('cards.revoke', () => post(`/cards/${s.csn}/revoke`, { reason: 'lost' })),
      footprint: cardState,
    }, TIMES);
    expect(outcome).toEqual({ first: '200', again: '409 ERR_CARD_NOT_ACTIVE' });
  });

  it('a card replaced several times at once: one replacement, one active card', async () => {
    const outcome = await expectOneEffect(t, {
      prepare: memberWithCard,
      request: (s) => sending('cards.replace', () => post(`/cards/${s.csn}/replace`, { credential: s.replacement })),
      footprint: cardState,
    }, TIMES);
    expect(outcome).toEqual({ first: '201', again: '409 ERR_CARD_NOT_ACTIVE' });
  });

  it('a card registered several times: registered once', async () => {
    const outcome = await expectOneEffect(t, {
      prepare: async () => {
        const member = await createMember(t, 'A1');
        return { member, credential: (await credentialFor(issuer, member, { now: t.clock.now() })).jwt };
      },
      request: (s) => sending('cards.register', () => post('/cards', { credential: s.credential })),
      footprint: (s) => ({
        cards: rows(`SELECT status FROM cards WHERE member_id = ${MEMBER_ID}`, s.member.memberNumber),
        trail: rows(`SELECT action FROM audit_log WHERE target_type = 'card' AND target_id IN (SELECT csn FROM cards WHERE member_id = ${MEMBER_ID})`, s.member.memberNumber).flat(),
      }),
    }, TIMES);
    expect(outcome).toEqual({ first: '201', again: '409 ERR_CARD_ALREADY_REGISTERED' });
  });

  it('two admins registering one member: one member, one home period', async () => {
    const outcome = await expectOneEffect(t, {
      prepare: async () => ({ memberNumber: `R${next()}`, name: '并发新党员', idNumber: validIdNumber(19_000 + unique), homeOrg: 'A1' }),
      request: (body) => sending('members.create', () => post('/members', body)),
      footprint: (body) => ({ members: value('SELECT count(*) FROM members WHERE member_number = ?', body.memberNumber), periods: periodsOf(body.memberNumber), trail: trail('member', body.memberNumber) }),
    }, TIMES);
    expect(outcome).toEqual({ first: '201', again: '409 ERR_ID_NUMBER_TAKEN' });
  });

  it('two imports of the same CSV at once: every member imported once, the other import reports them registered', async () => {
    const numbers = (csv: string): string[] => csv.split('\n').slice(1).map((line) => line.split(',')[0]!);
    const outcome = await expectOneEffect(t, {
      prepare: async () =>
        ['member_number,name,id_number,org', ...[1, 2, 3].map(() => `I${next()},导入党员,${validIdNumber(19_000 + unique)},A2`)].join('\n'),
      request: (csv) => sending('members.importMany', () => t.call('POST', '/api/v1/members/import', { token: admin, raw: csv, contentType: 'text/csv' })),
      footprint: (csv) => numbers(csv).map((number) => ({ periods: periodsOf(number), trail: trail('member', number) })),
    }, 3);
    // Both answers are reports; which rows each one imported is in the footprint (every member once).
    expect(outcome).toEqual({ first: '200', again: '200' });
  });

  it('two admins creating one organisation code: one organisation', async () => {
    const outcome = await expectOneEffect(t, {
      prepare: async () => ({ code: `RACE-${next()}`, name: '并发新支部', kind: 'branch', parent: 'A' }),
      request: (body) => sending('orgs.create', () => post('/orgs', body)),
      footprint: (body) => ({ orgs: value('SELECT count(*) FROM organisations WHERE code = ?', body.code), trail: trail('org', body.code) }),
    }, TIMES);
    expect(outcome).toEqual({ first: '201', again: '409 ERR_ORG_CODE_TAKEN' });
  });

  it('two admins creating one username: one user', async () => {
    const outcome = await expectOneEffect(t, {
      prepare: async () => ({ username: `same-name-${next()}`, password: PASSWORD, role: 'secretary', org: 'A1' }),
      request: (body) => sending('users.create', () => post('/users', body)),
      footprint: (body) => ({ users: value('SELECT count(*) FROM users WHERE username = ?', body.username), trail: trail('user', body.username) }),
    }, TIMES_HASHING);
    expect(outcome).toEqual({ first: '201', again: '409 ERR_USERNAME_TAKEN' });
  });

  it('a user disabled several times: disabled once, their sessions ended once', async () => {
    const outcome = await expectOneEffect(t, {
      prepare: () => userWithSession('secretary', 'A1'),
      request: ({ user }) => sending('users.setDisabled', () => post(`/users/${user.id}/disable`)),
      footprint: ({ user }) => userState(user),
    }, TIMES);
    expect(outcome).toEqual({ first: '200', again: '409 ERR_USER_ALREADY_DISABLED' });
  });

  it('a user enabled several times: enabled once', async () => {
    const outcome = await expectOneEffect(t, {
      prepare: async () => {
        const made = await userWithSession('secretary', 'A1');
        await t.server.store.write.users.setDisabled(made.user.id, true, t.clock.now().toISOString(), { label: 'cli:test', userId: null });
        return made;
      },
      request: ({ user }) => sending('users.setDisabled', () => post(`/users/${user.id}/enable`)),
      footprint: ({ user }) => userState(user),
    }, TIMES);
    expect(outcome).toEqual({ first: '200', again: '409 ERR_USER_ALREADY_ENABLED' });
  });

  it('a user given the same new role several times: changed once, their sessions ended once', async () => {
    const outcome = await expectOneEffect(t, {
      prepare: () => userWithSession('secretary', 'A1'),
      request: ({ user }) => sending('users.changeRole', () => post(`/users/${user.id}/role`, { role: 'organiser', org: 'A' })),
      footprint: ({ user }) => userState(user),
    }, TIMES);
    expect(outcome).toEqual({ first: '200', again: '409 ERR_USER_ROLE_UNCHANGED' });
  });

  it('a misspelt name put right several times: one change in the trail', async () => {
    const outcome = await expectOneEffect(t, {
      prepare: () => userWithSession('secretary', 'A1'),
      request: ({ user }) => sending('users.setDisplayName', () => post(`/users/${user.id}/display-name`, { displayName: '王小明' })),
      footprint: ({ user }) => userState(user),
    }, TIMES);
    expect(outcome).toEqual({ first: '200', again: '200' });
  });

  it("one's own password changed several times with one session: changed once, the session that did it ends", async () => {
    const outcome = await expectOneEffect(t, {
      prepare: () => userWithSession('secretary', 'A1'),
      request: ({ token }) => sending('users.setPasswordHash', () => post('/auth/password', { currentPassword: PASSWORD, newPassword: 'another-long-password' }, token)),
      footprint: ({ user }) => userState(user),
    }, TIMES_HASHING);
    expect(outcome).toEqual({ first: '200', again: '401 ERR_SESSION_INVALID' });
  });

  it('one session signed out several times: ended once, and the sign-outs after it refused as any request of the ended session', async () => {
    const outcome = await expectOneEffect(t, {
      prepare: () => userWithSession('secretary', 'A1'),
      request: ({ token }) => sending('sessions.end', () => post('/auth/logout', undefined, token)),
      footprint: ({ token }) => value('SELECT count(*) FROM ended_sessions WHERE sid = ?', String(decodeJwt(token).sid)),
    }, TIMES);
    expect(outcome).toEqual({ first: '204', again: '401 ERR_SESSION_INVALID' });
  });

  it('one issuer key registered several times: registered once', async () => {
    const outcome = await expectOneEffect(t, {
      prepare: async () => (await generateIssuerKey(`race-${next()}`)).publicJwk,
      request: (jwk) => sending('issuers.register', () => post('/issuers', jwk)),
      footprint: (jwk) => ({ issuers: value('SELECT count(*) FROM issuers WHERE kid = ?', jwk.kid), trail: trail('issuer', jwk.kid) }),
    }, TIMES);
    expect(outcome).toEqual({ first: '201', again: '409 ERR_ISSUER_ALREADY_REGISTERED' });
  });

  it('one enrolment token used by several kiosks at once: one kiosk enrolled', async () => {
    const outcome = await expectOneEffect(t, {
      prepare: async () => ({ name: `并发终端${next()}`, token: expectOk(await post('/kiosks/enrolment-tokens', { org: 'A1' }), 201, EnrolmentTokenSchema).token }),
      request: ({ name, token }) => sending('kiosks.enroll', async () => post('/kiosks/enroll', { token, name, jwk: (await newKioskKey()).publicJwk }, undefined)),
      footprint: ({ name }) => ({ kiosks: value('SELECT count(*) FROM kiosks WHERE name = ?', name), trail: rows(`SELECT action FROM audit_log WHERE target_id IN (SELECT kid FROM kiosks WHERE name = ?)`, name).flat() }),
    }, TIMES);
    expect(outcome).toEqual({ first: '201', again: '403 ERR_ENROLMENT_TOKEN_USED' });
  });

  it('a kiosk disabled several times: disabled once', async () => {
    const outcome = await expectOneEffect(t, {
      prepare: () => t.enrollKiosk('A1'),
      request: (kiosk) => sending('kiosks.disable', () => post(`/kiosks/${kiosk.kid}/disable`)),
      footprint: (kiosk) => ({ disabled: value('SELECT disabled_at IS NOT NULL FROM kiosks WHERE kid = ?', kiosk.kid), trail: trail('kiosk', kiosk.kid) }),
    }, TIMES);
    expect(outcome).toEqual({ first: '200', again: '409 ERR_KIOSK_ALREADY_DISABLED' });
  });

  it('one meeting kind added several times: added once', async () => {
    const outcome = await expectOneEffect(t, {
      prepare: async () => ({ code: `added_${next()}`, nameZh: '专题学习', nameEn: 'Study session' }),
      request: (body) => sending('meetings.addKind', () => post('/meeting-kinds', body)),
      footprint: (body) => ({ kinds: value('SELECT count(*) FROM meeting_kinds WHERE code = ?', body.code), trail: trail('meeting-kind', body.code) }),
    }, TIMES);
    expect(outcome).toEqual({ first: '201', again: '409 ERR_MEETING_KIND_TAKEN' });
  });

  it('one meeting kind retired several times: retired once', async () => {
    const outcome = await expectOneEffect(t, {
      prepare: newMeetingKind,
      request: (code) => sending('meetings.retireKind', () => post(`/meeting-kinds/${code}/retire`)),
      footprint: (code) => ({ active: value('SELECT active FROM meeting_kinds WHERE code = ?', code), trail: trail('meeting-kind', code) }),
    }, TIMES);
    expect(outcome).toEqual({ first: '200', again: '409 ERR_MEETING_KIND_RETIRED' });
  });

  it('a leaving recorded several times: recorded once, and the rest are told it is final, as a second click after it would be', async () => {
    const outcome = await expectOneEffect(t, {
      prepare: () => createMember(t, 'A1', { since: SINCE }),
      request: (member) => sending('members.changeStatus', () => post(`/members/${member.memberNumber}/status`, { status: 'left', on: t.today(), reason: '迁往外地' })),
      footprint: (member) => memberState(member.memberNumber),
    }, TIMES);
    expect(outcome).toEqual({ first: '200', again: '409 ERR_MEMBER_STATUS_FINAL' });
  });

  it('a suspension recorded several times: recorded once, the rest told the member is suspended already', async () => {
    const outcome = await expectOneEffect(t, {
      prepare: () => createMember(t, 'A1', { since: SINCE }),
      request: (member) => sending('members.changeStatus', () => post(`/members/${member.memberNumber}/status`, { status: 'suspended', on: t.today(), reason: '停止党籍' })),
      footprint: (member) => memberState(member.memberNumber),
    }, TIMES);
    expect(outcome).toEqual({ first: '200', again: '409 ERR_MEMBER_STATUS_UNCHANGED' });
  });

  it('a mistaken leaving corrected several times: corrected once, the rest told there is nothing to correct', async () => {
    const outcome = await expectOneEffect(t, {
      prepare: async () => {
        const member = await createMember(t, 'A1', { since: SINCE });
        expect((await post(`/members/${member.memberNumber}/status`, { status: 'left', on: t.today(), reason: '误登记' })).status).toBe(200);
        return member;
      },
      request: (member) => sending('members.correctStatus', () => post(`/members/${member.memberNumber}/status/correction`, { reason: '登记错了人' })),
      footprint: (member) => memberState(member.memberNumber),
    }, TIMES);
    expect(outcome).toEqual({ first: '200', again: '409 ERR_MEMBER_STATUS_NOT_FINAL' });
  });

  it('a mobile registration made several times: one registration', async () => {
    const outcome = await expectOneEffect(t, {
      prepare: () => createMember(t, 'B1', { since: SINCE }),
      request: (member) => sending('mobilePeriods.register', () => post(`/members/${member.memberNumber}/mobile-periods`, { org: 'A1', from: t.today() })),
      footprint: (member) => memberState(member.memberNumber),
    }, TIMES);
    expect(outcome).toEqual({ first: '201', again: '409 ERR_PERIOD_OVERLAPS' });
  });

  it('a mobile registration extended several times to one day: extended once', async () => {
    const outcome = await expectOneEffect(t, {
      prepare: mobileRegistration,
      request: (s) => sending('mobilePeriods.extend', () => post(`/mobile-periods/${s.id}/extend`, { to: dayAfter(60) })),
      footprint: (s) => memberState(s.member.memberNumber),
    }, TIMES);
    expect(outcome).toEqual({ first: '200', again: '422 ERR_PERIOD_INVALID' });
  });

  it('a mobile registration ended several times: ended once', async () => {
    const outcome = await expectOneEffect(t, {
      prepare: mobileRegistration,
      request: (s) => sending('mobilePeriods.end', () => post(`/mobile-periods/${s.id}/end`, {})),
      footprint: (s) => memberState(s.member.memberNumber),
    }, TIMES);
    expect(outcome).toEqual({ first: '200', again: '409 ERR_MOBILE_PERIOD_CLOSED' });
  });
});

describe('two different writes that conflict, at once: the outcome of one of the two orders', () => {
  it('the receiver accepts a letter while the sender cancels it', async () => {
    const orders = await expectOneOrder(t, {
      prepare: memberWithLetter,
      first: (s) => sending('transfers.accept', () => act(t, admin, s.letter, 'accept')),
      second: (s) => sending('transfers.close', () => act(t, admin, s.letter, 'cancel', {})),
      footprint: (s) => ({ letter: rows('SELECT status FROM transfers WHERE id = ?', s.letter), periods: periodsOf(s.member.memberNumber), trail: trail('transfer', s.letter) }),
    });
    expect(orders).toEqual({ firstThenSecond: ['200', '409 ERR_TRANSFER_NOT_OPEN'], secondThenFirst: ['409 ERR_TRANSFER_NOT_OPEN', '200'] });
  });

  it('a card reported lost while it is being replaced', async () => {
    const orders = await expectOneOrder(t, {
      prepare: memberWithCard,
      first: (s) => sending('cards.revoke', () => post(`/cards/${s.csn}/revoke`, { reason: 'lost' })),
      second: (s) => sending('cards.replace', () => post(`/cards/${s.csn}/replace`, { credential: s.replacement })),
      footprint: cardState,
    });
    expect(orders).toEqual({ firstThenSecond: ['200', '409 ERR_CARD_NOT_ACTIVE'], secondThenFirst: ['409 ERR_CARD_NOT_ACTIVE', '201'] });
  });

  it("a member's leaving recorded today while a letter moving them today is accepted", async () => {
    const orders = await expectOneOrder(t, {
      prepare: memberWithLetter,
      first: (s) => sending('transfers.accept', () => act(t, admin, s.letter, 'accept')),
      second: (s) => sending('members.changeStatus', () => post(`/members/${s.member.memberNumber}/status`, { status: 'left', on: t.today(), reason: '迁往外地' })),
      footprint: (s) => ({ letter: rows('SELECT status FROM transfers WHERE id = ?', s.letter), member: memberState(s.member.memberNumber) }),
    });
    expect(orders).toEqual({ firstThenSecond: ['200', '422 ERR_MEMBER_STATUS_DATE_INVALID'], secondThenFirst: ['409 ERR_TRANSFER_NOT_OPEN', '200'] });
  });

  it("a member's leaving recorded today while a letter for them is issued", async () => {
    const orders = await expectOneOrder(t, {
      prepare: () => createMember(t, 'A1', { since: SINCE }),
      first: (member) => sending('members.changeStatus', () => post(`/members/${member.memberNumber}/status`, { status: 'left', on: t.today(), reason: '迁往外地' })),
      second: (member) => sending('transfers.issue', () => issue(t, admin, { member: member.memberNumber, toOrg: 'B1' })),
      footprint: (member) => ({
        letters: rows(`SELECT status FROM transfers WHERE member_id = ${MEMBER_ID}`, member.memberNumber).flat(),
        member: memberState(member.memberNumber),
      }),
    });
    expect(orders).toEqual({ firstThenSecond: ['200', '422 ERR_TRANSFER_NO_HOME'], secondThenFirst: ['200', '201'] });
  });

  it('a member registered as mobile at the receiving organisation while the letter moving them there is accepted', async () => {
    const orders = await expectOneOrder(t, {
      prepare: memberWithLetter,
      first: (s) => sending('transfers.accept', () => act(t, admin, s.letter, 'accept')),
      second: (s) => sending('mobilePeriods.register', () => post(`/members/${s.member.memberNumber}/mobile-periods`, { org: 'B1', from: t.today() })),
      footprint: (s) => memberState(s.member.memberNumber),
    });
    expect(orders).toEqual({ firstThenSecond: ['200', '422 ERR_PERIOD_INVALID'], secondThenFirst: ['200', '201'] });
  });

  it('a mobile registration ended while it is being extended', async () => {
    const orders = await expectOneOrder(t, {
      prepare: mobileRegistration,
      first: (s) => sending('mobilePeriods.end', () => post(`/mobile-periods/${s.id}/end`, {})),
      second: (s) => sending('mobilePeriods.extend', () => post(`/mobile-periods/${s.id}/extend`, { to: dayAfter(60) })),
      footprint: (s) => memberState(s.member.memberNumber),
    });
    expect(orders).toEqual({ firstThenSecond: ['200', '409 ERR_MOBILE_PERIOD_CLOSED'], secondThenFirst: ['200', '200'] });
  });

  it('a meeting kind retired while a meeting of it is being scheduled', async () => {
    const orders = await expectOneOrder(t, {
      prepare: newMeetingKind,
      first: (code) => sending('meetings.retireKind', () => post(`/meeting-kinds/${code}/retire`)),
      second: (code) =>
        sending('meetings.schedule', () => post('/meetings', { org: 'A1', kind: code, startsAt: new Date(t.clock.now().getTime() + DAY).toISOString(), endsAt: new Date(t.clock.now().getTime() + DAY + 3_600_000).toISOString() })),
      footprint: (code) => ({
        active: value('SELECT active FROM meeting_kinds WHERE code = ?', code),
        // In the order written: a meeting scheduled after its kind was retired would show as such.
        trail: rows(
          `SELECT action FROM audit_log WHERE (target_type = 'meeting-kind' AND target_id = ?) OR (target_type = 'meeting' AND target_id IN (SELECT id FROM meetings WHERE kind = ?)) ORDER BY id`,
          code,
          code,
        ).flat(),
      }),
    });
    expect(orders).toEqual({ firstThenSecond: ['200', '409 ERR_MEETING_KIND_RETIRED'], secondThenFirst: ['200', '201'] });
  });

  it('two organisers disabling each other: the second is refused, since the first ended their session', async () => {
    const orders = await expectOneOrder(t, {
      prepare: async () => ({ one: await userWithSession('organiser', 'A'), other: await userWithSession('organiser', 'A') }),
      first: (s) => sending('users.setDisabled', () => post(`/users/${s.other.user.id}/disable`, undefined, s.one.token)),
      second: (s) => sending('users.setDisabled', () => post(`/users/${s.one.user.id}/disable`, undefined, s.other.token)),
      footprint: (s) => [userState(s.one.user), userState(s.other.user)],
    });
    expect(orders).toEqual({ firstThenSecond: ['200', '401 ERR_SESSION_INVALID'], secondThenFirst: ['401 ERR_SESSION_INVALID', '200'] });
  });

  it('two admins giving each other another role: the second is refused, since the first ended their session', async () => {
    const orders = await expectOneOrder(t, {
      prepare: async () => ({ one: await userWithSession('admin'), other: await userWithSession('admin') }),
      first: (s) => sending('users.changeRole', () => post(`/users/${s.other.user.id}/role`, { role: 'auditor', org: 'CTY' }, s.one.token)),
      second: (s) => sending('users.changeRole', () => post(`/users/${s.one.user.id}/role`, { role: 'auditor', org: 'CTY' }, s.other.token)),
      footprint: (s) => [userState(s.one.user), userState(s.other.user)],
    });
    expect(orders).toEqual({ firstThenSecond: ['200', '401 ERR_SESSION_INVALID'], secondThenFirst: ['401 ERR_SESSION_INVALID', '200'] });
  });

  it('a kiosk disabled while it enrols', async () => {
    const orders = await expectOneOrder(t, {
      prepare: async () => ({ key: await newKioskKey(), token: expectOk(await post('/kiosks/enrolment-tokens', { org: 'A1' }), 201, EnrolmentTokenSchema).token }),
      first: (s) => sending('kiosks.enroll', () => post('/kiosks/enroll', { token: s.token, name: '新终端', jwk: s.key.publicJwk }, undefined)),
      second: (s) => sending('kiosks.disable', () => post(`/kiosks/${s.key.kid}/disable`)),
      footprint: (s) => ({ kiosks: rows('SELECT disabled_at IS NOT NULL FROM kiosks WHERE kid = ?', s.key.kid), trail: trail('kiosk', s.key.kid) }),
    });
    expect(orders).toEqual({ firstThenSecond: ['201', '200'], secondThenFirst: ['201', '404 ERR_KIOSK_NOT_FOUND'] });
  });

  it('a password reset racing a sign-in with the old password: no session signed in with the old password outlives the reset', async () => {
    for (const mode of RACE_MODES) {
      const { user } = await userWithSession('secretary', 'A1');
      const [reset, login] = await race(
        t,
        [
          sending('users.setPasswordHash', () => post(`/users/${user.id}/password`, { newPassword: 'the-new-password-1' })),
          sending('nothing: signing in writes nothing', () => t.call('POST', '/api/v1/auth/login', { json: { username: user.username, password: PASSWORD } })),
        ],
        mode,
      );
      expect(reset!.status, mode).toBe(200);
      if (login!.status === 200) {
        const { token } = login!.body as { token: string };
        expect(errorCode(await t.call('GET', '/api/v1/auth/me', { token })), mode).toBe('ERR_SESSION_INVALID');
      } else {
        expect(errorCode(login!), mode).toBe('ERR_LOGIN_FAILED');
      }
      expect((await t.call('POST', '/api/v1/auth/login', { json: { username: user.username, password: 'the-new-password-1' } })).status, mode).toBe(200);
    }
  });
});

describe('findings acted on by two people at once', () => {
  let w: TestServer;
  const findings: number[] = [];

  beforeAll(async () => {
    w = await startTestServer();
    await createTree(w);
    for (let i = 0; i < 6; i += 1) await createMember(w, 'A1');
    // Four months without taking part: a six-month warning for each member.
    w.clock.advance(FOUR_MONTHS_MS);
    await w.server.context.diagnostics.runFull();
    const listed = expectOk(await w.call('GET', '/api/v1/findings?rule=six-month&limit=10', { token: await w.adminToken() }), 200, FindingListSchema);
    findings.push(...listed.findings.map((finding) => finding.id));
    expect(findings).toHaveLength(6);
  });
  afterAll(() => w.close());

  const history = (id: number): unknown => ({
    finding: w.server.store.handles.readable.prepare('SELECT status FROM findings WHERE id = ?').pluck().get(id),
    history: w.server.store.handles.readable.prepare('SELECT action FROM finding_history WHERE finding_id = ? ORDER BY id').pluck().all(id),
    trail: w.server.store.handles.readable.prepare(`SELECT action FROM audit_log WHERE target_type = 'finding' AND target_id = ? ORDER BY id`).pluck().all(String(id)),
  });

  it('resolved several times: resolved once', async () => {
    const token = await w.adminToken();
    const outcome = await expectOneEffect(w, {
      prepare: async () => findings.pop()!,
      request: (id) => sending('findings.act', () => w.call('POST', `/api/v1/findings/${id}/resolve`, { token, json: { note: '已谈话' } })),
      footprint: history,
    }, TIMES);
    expect(outcome).toEqual({ first: '200', again: '409 ERR_FINDING_NOT_LIVE' });
  });

  it('acknowledged several times: one acknowledgement in its history', async () => {
    const token = await w.adminToken();
    const outcome = await expectOneEffect(w, {
      prepare: async () => findings.pop()!,
      request: (id) => sending('findings.act', () => w.call('POST', `/api/v1/findings/${id}/acknowledge`, { token, json: {} })),
      footprint: history,
    }, TIMES);
    expect(outcome).toEqual({ first: '200', again: '200' });
  });
});

/**
 * Every write operation of the API is raced above, or is here with the reason it has no double effect to
 * race: a new write operation fails this until it is looked at.
 */
const RACED = [
  'POST /api/v1/transfers',
  'POST /api/v1/transfers/{id}/accept',
  'POST /api/v1/transfers/{id}/cancel',
  'POST /api/v1/cards',
  'POST /api/v1/cards/{csn}/revoke',
  'POST /api/v1/cards/{csn}/replace',
  'POST /api/v1/members',
  'POST /api/v1/members/import',
  'POST /api/v1/members/{number}/status',
  'POST /api/v1/members/{number}/status/correction',
  'POST /api/v1/members/{number}/mobile-periods',
  'POST /api/v1/mobile-periods/{id}/extend',
  'POST /api/v1/mobile-periods/{id}/end',
  'POST /api/v1/orgs',
  'POST /api/v1/users',
  'POST /api/v1/users/{id}/disable',
  'POST /api/v1/users/{id}/enable',
  'POST /api/v1/users/{id}/role',
  'POST /api/v1/users/{id}/display-name',
  'POST /api/v1/users/{id}/password',
  'POST /api/v1/auth/password',
  'POST /api/v1/auth/logout',
  'POST /api/v1/issuers',
  'POST /api/v1/kiosks/enroll',
  'POST /api/v1/kiosks/{kid}/disable',
  'POST /api/v1/meeting-kinds',
  'POST /api/v1/meeting-kinds/{code}/retire',
  'POST /api/v1/meetings',
  'POST /api/v1/findings/{id}/acknowledge',
  'POST /api/v1/findings/{id}/resolve',
  // concurrent-ingest.test.ts
  'POST /api/v1/events',
];

const NOT_RACED: Record<string, string> = {
  'POST /api/v1/auth/login': 'writes nothing (raced above only against a password reset)',
  'POST /api/v1/auth/renew': 'writes nothing (raced against the end of its session in concurrent-writes-session-end.test.ts)',
  'POST /api/v1/members/lookup': 'writes nothing',
  'POST /api/v1/transfers/{id}/return': 'the same conditional write as cancel (transfers.close), raced above',
  'POST /api/v1/kiosks/enrolment-tokens': 'each request makes a token of its own, also one after the other',
  'POST /api/v1/users/{id}/member': 'sets the link to what it names; a repeat, also one after the other, sets it again with its own trail row',
  'POST /api/v1/meeting-kinds/{code}/rename': 'sets the names to what it names; a repeat, also one after the other, sets them again with its own trail row',
  'PUT /api/v1/diagnostics/thresholds': 'sets the row to what it names; a repeat, also one after the other, sets it again with its own trail row',
};

it('every write operation of the API is raced here or named with why it has none to race', async () => {
  const document = (await t.call('GET', '/api/v1/openapi.json')).body;
  const writes = operationsOf(document)
    .filter((operation) => operation.method !== 'get')
    .map(operationName);
  expect(writes.filter((name) => !RACED.includes(name) && !(name in NOT_RACED))).toEqual([]);
  expect([...RACED, ...Object.keys(NOT_RACED)].filter((name) => !writes.includes(name))).toEqual([]);
});
