import { MemberSchema, type MemberView } from '../../../server/schemas/members.ts';
import { TransferSchema, type TransferView } from '../../../server/schemas/transfers.ts';
import { createMember, type TestMember } from './fixtures.ts';
import { expectOk, type ApiResponse } from './http.ts';
import type { TestServer } from './test-server.ts';

let seq = 0;

/** A member whose home period began on `since` (YYYY-MM-DD), so a transfer today closes a real period. */
export function memberSince(t: TestServer, homeOrg: string, since: string, name = '转接党员'): Promise<TestMember> {
  seq += 1;
  return createMember(t, homeOrg, { since, name: `${name}${seq}` });
}

export const issue = (t: TestServer, token: string, body: { member: string; toOrg: string; reason?: string; validDays?: number }): Promise<ApiResponse> =>
  t.call('POST', '/api/v1/transfers', { token, json: { reason: '工作调动', ...body } });

export async function issued(t: TestServer, member: string, toOrg: string, validDays?: number): Promise<TransferView> {
  return expectOk(await issue(t, await t.adminToken(), { member, toOrg, ...(validDays ? { validDays } : {}) }), 201, TransferSchema);
}

export const act = (t: TestServer, token: string, id: string, action: 'accept' | 'return' | 'cancel', json?: unknown): Promise<ApiResponse> =>
  t.call('POST', `/api/v1/transfers/${id}/${action}`, { token, ...(json === undefined ? {} : { json }) });

export async function periodsOf(t: TestServer, memberNumber: string): Promise<MemberView['periods']> {
  return expectOk(await t.call('GET', `/api/v1/members/${memberNumber}`, { token: await t.adminToken() }), 200, MemberSchema).periods;
}

/** The home periods as "ORG from→to" text, in order: easy to compare whole. */
export const homeLine = (periods: MemberView['periods']): string[] =>
  periods.filter((period) => period.kind === 'home').map((period) => `${period.org} ${period.from}→${period.to ?? 'open'}`);

export const DAY = 86_400_000;
