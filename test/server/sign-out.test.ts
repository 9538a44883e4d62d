import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginResultSchema, UserSchema } from '../../server/schemas/users.ts';
import { createTree, USER_PASSWORD } from './support/fixtures.ts';
import { expectError, expectOk, type ApiResponse } from './support/http.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { race, storeReads } from './support/write-race.ts';

const MINUTE = 60_000;

describe('signing out of the console', () => {
  let t: TestServer;
  let unique = 0;
  const { rows, value } = storeReads(() => t);

  beforeAll(async () => {
    t = await startTestServer();
    await createTree(t);
  });
  afterAll(() => t.close());

  /** A secretary of A1 made by the admin, signed in on two computers. */
  async function secretaryOnTwoComputers() {
    const username = `leaving-${++unique}`;
    const user = expectOk(await t.call('POST', '/api/v1/users', { token: await t.adminToken(), json: { username, password: USER_PASSWORD, role: 'secretary', org: 'A1' } }), 201, UserSchema);
    return { user, here: await t.login(username, USER_PASSWORD), elsewhere: await t.login(username, USER_PASSWORD) };
  }
  const signOut = (token: string): Promise<ApiResponse> => t.call('POST', '/api/v1/auth/logout', { token });
  const renew = (token: string): Promise<ApiResponse> => t.call('POST', '/api/v1/auth/renew', { token });
  const me = (token: string): Promise<ApiResponse> => t.call('GET', '/api/v1/auth/me', { token });
  const sessionOf = (token: string): string => String(decodeJwt(token).sid);
  /** A refusal of an ended session: 401 ERR_SESSION_INVALID, saying to sign in again. */
  const refusedAsSignedOut = (response: ApiResponse): void => {
    expectError(response, 401, 'ERR_SESSION_INVALID');
    expect((response.body as { error: { message: string } }).error.message).toBe('this session was signed out; sign in again');
  };

  it('ends the session on the server: its token and every renewal of it are refused, while the same user’s other session goes on', async () => {
    const { here, elsewhere } = await secretaryOnTwoComputers();
    const renewedBefore = expectOk(await renew(here), 200, LoginResultSchema).token;
    expect((await signOut(here)).status).toBe(204);

    refusedAsSignedOut(await me(here));
    refusedAsSignedOut(await me(renewedBefore));
    refusedAsSignedOut(await renew(here));
    refusedAsSignedOut(await renew(renewedBefore));
    refusedAsSignedOut(await t.call('GET', '/api/v1/orgs/A1', { token: here }));
    refusedAsSignedOut(await t.call('POST', '/api/v1/meetings', { token: renewedBefore, json: { org: 'A1', kind: 'group', startsAt: '2030-01-01T01:00:00Z', endsAt: '2030-01-01T02:00:00Z' } }));

    expect((await me(elsewhere)).status).toBe(200);
    const renewedElsewhere = expectOk(await renew(elsewhere), 200, LoginResultSchema).token;
    expect((await me(renewedElsewhere)).status).toBe(200);
  });

  it('refuses a write let in before the sign-out that takes its turn after it, with nothing written', async () => {
    const { here } = await secretaryOnTwoComputers();
    const meetings = value('SELECT count(*) FROM meetings');
    const startsAt = t.clock.now().getTime() + 24 * 60 * MINUTE;
    const meeting = { org: 'A1', kind: 'group', startsAt: new Date(startsAt).toISOString(), endsAt: new Date(startsAt + 60 * MINUTE).toISOString() };
    const [signedOut, write] = await race(
      t,
      [
        { writes: 'sessions.end', send: () => signOut(here) },
        { writes: 'meetings.schedule', send: () => t.call('POST', '/api/v1/meetings', { token: here, json: meeting }) },
      ],
      'while the write lock is busy',
      { inTurn: true },
    );
    expect(signedOut!.status).toBe(204);
    refusedAsSignedOut(write!);
    expect(value('SELECT count(*) FROM meetings')).toBe(meetings);
  });

  it('signs out the session from which a renewal came when the renewed token signs out', async () => {
    const { here } = await secretaryOnTwoComputers();
    const renewed = expectOk(await renew(here), 200, LoginResultSchema).token;
    expect((await signOut(renewed)).status).toBe(204);
    refusedAsSignedOut(await me(here));
  });

  it('signing out twice: the second is refused as any request of the ended session, and nothing changes', async () => {
    const { here, elsewhere } = await secretaryOnTwoComputers();
    expect((await signOut(here)).status).toBe(204);
    refusedAsSignedOut(await signOut(here));
    expect(value('SELECT count(*) FROM ended_sessions WHERE sid = ?', sessionOf(here))).toBe(1);
    expect((await me(elsewhere)).status).toBe(200);
  });

  it('refuses a sign-out of a session the account’s change ended, without a session or with one that ran out', async () => {
    const { user, here, elsewhere } = await secretaryOnTwoComputers();
    expect((await t.call('POST', `/api/v1/users/${user.id}/disable`, { token: await t.adminToken() })).status).toBe(200);
    expectError(await signOut(here), 401, 'ERR_SESSION_INVALID');
    expectError(await t.call('POST', '/api/v1/auth/logout'), 401, 'ERR_AUTH_REQUIRED');
    t.clock.advance(31 * MINUTE);
    expectError(await signOut(elsewhere), 401, 'ERR_SESSION_EXPIRED');
    expect(value('SELECT count(*) FROM ended_sessions WHERE sid IN (?, ?)', sessionOf(here), sessionOf(elsewhere))).toBe(0);
  });

  it('keeps a signed-out session’s row only while a token of it could pass: to its limit, 12 hours from its sign-in', async () => {
    const early = await secretaryOnTwoComputers();
    expect((await signOut(early.here)).status).toBe(204);
    t.clock.advance(11 * 60 * MINUTE);
    const later = await secretaryOnTwoComputers();
    expect((await signOut(later.here)).status).toBe(204);
    expect(rows('SELECT sid FROM ended_sessions WHERE sid IN (?, ?) ORDER BY ended_at', sessionOf(early.here), sessionOf(later.here)).flat()).toEqual([sessionOf(early.here), sessionOf(later.here)]);

    // Twelve hours after the first sign-in, the next sign-out drops the first row: no token of that session passes now.
    t.clock.advance(60 * MINUTE);
    const last = await secretaryOnTwoComputers();
    expect((await signOut(last.here)).status).toBe(204);
    expect(rows('SELECT sid FROM ended_sessions WHERE sid IN (?, ?, ?) ORDER BY ended_at', sessionOf(early.here), sessionOf(later.here), sessionOf(last.here)).flat()).toEqual([
      sessionOf(later.here),
      sessionOf(last.here),
    ]);
  });
});
