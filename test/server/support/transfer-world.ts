import { MemberSchema, type MemberView } from '../../../server/schemas/members.ts';
import { TransferSchema, type TransferView } from '../../../server/schemas/transfers.ts';
import { UserSchema } from '../../../server/schemas/users.ts';
import { validIdNumber, type TestMember } from './fixtures.ts';
import { expectOk, type ApiResponse } from './http.ts';
import { ADMIN, type TestServer } from './test-server.ts';

let seq = 0;

const sessions = new WeakMap<TestServer, { token: string; at: number }>();

/**
 * An admin session valid on the server's clock: tests that move the clock by days would otherwise hold an
 * expired session (30 minutes). Signs in again once the clock moved more than 10 minutes since the last.
 */
export async function adminNow(t: TestServer): Promise<string> {
  const now = t.clock.now().getTime();
  const known = sessions.get(t);
  if (known && Math.abs(now - known.at) < 10 * 60_000) return known.token;
  const token = await t.login(ADMIN.username, ADMIN.password);
  sessions.set(t, { token, at: now });
  return token;
}

/** A member whose home period began on `since` (YYYY-MM-DD), so a transfer today closes a real period. */
export async function memberSince(t: TestServer, homeOrg: string, since: string, name = '转接党员'): Promise<TestMember> {
  seq += 1;
  const idNumber = validIdNumber(500_000 + seq * 13 + Math.floor(Math.random() * 1000) * 20000);
  const body = { memberNumber: `T${Date.now().toString(36)}${seq}`, name: `${name}${seq}`, idNumber, homeOrg, since };
  const member = expectOk(await t.call('POST', '/api/v1/members', { token: await adminNow(t), json: body }), 201, MemberSchema);
  return { ...member, idNumber };
}

/** A signed-in user of `role` at `org`, optionally linked to the member they are; returns the session token. */
export async function signedIn(t: TestServer, role: 'organiser' | 'secretary' | 'auditor', org: string, member?: string): Promise<string> {
  seq += 1;
  const username = `${role}-${org}-${seq}-${Math.random().toString(36).slice(2, 6)}`;
  const password = 'a-long-enough-password';
  expectOk(await t.call('POST', '/api/v1/users', { token: await adminNow(t), json: { username, password, role, org, ...(member ? { member } : {}) } }), 201, UserSchema);
  return t.login(username, password);
}

export const issue = (t: TestServer, token: string, body: { member: string; toOrg: string; reason?: string; validDays?: number }): Promise<ApiResponse> =>
  t.call('POST', '/api/v1/transfers', { token, json: { reason: '工作调动', ...body } });

export async function issued(t: TestServer, member: string, toOrg: string, validDays?: number): Promise<TransferView> {
  return expectOk(await issue(t, await adminNow(t), { member, toOrg, ...(validDays ? { validDays } : {}) }), 201, TransferSchema);
}

export const act = (t: TestServer, token: string, id: string, action: 'accept' | 'return' | 'cancel', json?: unknown): Promise<ApiResponse> =>
  t.call('POST', `/api/v1/transfers/${id}/${action}`, { token, ...(json === undefined ? {} : { json }) });

export async function periodsOf(t: TestServer, memberNumber: string): Promise<MemberView['periods']> {
  return expectOk(await t.call('GET', `/api/v1/members/${memberNumber}`, { token: await adminNow(t) }), 200, MemberSchema).periods;
}

/** The home periods as "ORG from→to" text, in order: easy to compare whole. */
export const homeLine = (periods: MemberView['periods']): string[] =>
  periods.filter((period) => period.kind === 'home').map((period) => `${period.org} ${period.from}→${period.to ?? 'open'}`);

export const DAY = 86_400_000;
export const dateOf = (date: Date): string => date.toISOString().slice(0, 10);
