import { expect } from 'vitest';
import type { z } from 'zod';
import { FindingDetailSchema, FindingListSchema, type FindingView } from '../../../server/schemas/findings.ts';
import type { Role } from '../../../server/schemas/common.ts';
import { UserSchema } from '../../../server/schemas/users.ts';
import { DAY_MS } from '../../../server/clock.ts';
import { createMember, createTree, type TestMember } from './fixtures.ts';
import { expectOk } from './http.ts';
import { startTestServer, type TestServer } from './test-server.ts';

/** Four months and a day: past the default three months without participation (a six-month warning). */
export const FOUR_MONTHS_MS = 123 * DAY_MS;

/** sessions last 30 minutes of server time; a third of that leaves room for a slow test */
const SESSION_REUSE_MS = 10 * 60_000;

/**
 * People sign in again after the clock moves (sessions last 30 minutes of server time), so a user is kept
 * by name and password and `token()` answers a session valid on the current clock.
 */
export interface WorldUser {
  username: string;
  token(): Promise<string>;
}

export async function createUser(t: TestServer, role: Role, org: string | undefined): Promise<WorldUser> {
  const username = `${role}-${org ?? 'all'}-${Math.random().toString(36).slice(2, 8)}`;
  const password = 'a-long-enough-password';
  expectOk(await t.call('POST', '/api/v1/users', { token: await t.adminToken(), json: { username, password, role, org } }), 201, UserSchema);
  // Signing in is a deliberately slow password hash: sign in again only once the clock has moved on.
  let session: { token: string; at: number } | undefined;
  return {
    username,
    async token() {
      const now = t.clock.now().getTime();
      if (!session || Math.abs(now - session.at) >= SESSION_REUSE_MS) session = { token: await t.login(username, password), at: now };
      return session.token;
    },
  };
}

export interface FindingsWorld {
  t: TestServer;
  /** members created at the start, by home organisation */
  members: Record<string, TestMember[]>;
  /** a full run of the rules on the server's own engine */
  runDiagnostics(): Promise<void>;
  /** live six-month findings of `org` (as admin), newest first */
  sixMonth(org: string): Promise<FindingView[]>;
  detail(id: number): Promise<z.output<typeof FindingDetailSchema>>;
}

/**
 * The test tree with `perOrg` members at home in each branch, then four months without any participation:
 * the full run finds a six-month warning for each of them (and the branches' overdue meetings).
 */
export async function startFindingsWorld(perOrg: Record<string, number>): Promise<FindingsWorld> {
  const t = await startTestServer();
  try {
    return await populated(t, perOrg);
  } catch (error) {
    // The caller never gets the world to close.
    await t.close();
    throw error;
  }
}

async function populated(t: TestServer, perOrg: Record<string, number>): Promise<FindingsWorld> {
  await createTree(t);
  const members: Record<string, TestMember[]> = {};
  for (const [org, count] of Object.entries(perOrg)) {
    members[org] = [];
    for (let i = 0; i < count; i += 1) members[org].push(await createMember(t, org));
  }
  t.clock.advance(FOUR_MONTHS_MS);
  const world: FindingsWorld = {
    t,
    members,
    async runDiagnostics() {
      await t.server.context.diagnostics.runFull();
    },
    async sixMonth(org) {
      const response = await t.call('GET', `/api/v1/findings?org=${org}&subtree=false&rule=six-month&limit=1000`, { token: await t.adminToken() });
      return expectOk(response, 200, FindingListSchema).findings;
    },
    async detail(id) {
      return expectOk(await t.call('GET', `/api/v1/findings/${id}`, { token: await t.adminToken() }), 200, FindingDetailSchema);
    },
  };
  await world.runDiagnostics();
  for (const [org, count] of Object.entries(perOrg)) expect((await world.sixMonth(org)).length, `six-month findings at ${org}`).toBe(count);
  return world;
}
