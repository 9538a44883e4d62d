import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireLapsedTransfers } from '../../server/domain/transfers/transfer-expiry.ts';
import { AuditListSchema } from '../../server/schemas/audit.ts';
import { TransferListSchema, TransferRulesSchema, TransferSchema } from '../../server/schemas/transfers.ts';
import { createTree, userToken } from './support/fixtures.ts';
import { errorCode, expectError, expectOk } from './support/http.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { act, DAY, homeLine, issue, issued, memberSince, periodsOf } from './support/transfer-world.ts';

const SINCE = '2020-01-01';

describe('transfer letters: the state machine', () => {
  let t: TestServer;
  let admin: string;
  let today: string;

  beforeAll(async () => {
    t = await startTestServer();
    admin = await t.adminToken();
    await createTree(t);
    today = t.today();
  });
  afterAll(() => t.close());

  it('serves the configured validity rule: 30 days by default, at most 90', async () => {
    expect(expectOk(await t.call('GET', '/api/v1/transfer-rules', { token: admin }), 200, TransferRulesSchema)).toEqual({ defaultValidDays: 30, maxValidDays: 90 });
  });

  it('issues a letter from the member’s home organisation, valid 30 days by default, and audits it', async () => {
    const member = await memberSince(t, 'A1', SINCE);
    const letter = await issued(t, member.memberNumber, 'B1');
    expect(letter).toMatchObject({ member: member.memberNumber, fromOrg: 'A1', toOrg: 'B1', status: 'issued', validDays: 30, closedAt: null, acceptedVia: null });
    // Good to the end of the 30th day after the day of issue, on the organisation's calendar (Beijing by default).
    expect(letter.expiresAt).toBe(t.server.context.calendar.startOfDay(t.dayOf(new Date(Date.parse(letter.issuedAt) + 31 * DAY))).toISOString());
    const trail = expectOk(await t.call('GET', '/api/v1/audit?org=A1', { token: admin }), 200, AuditListSchema);
    expect(trail.entries.find((entry) => entry.targetId === letter.id)).toMatchObject({ action: 'transfer.issue', actor: 'user:admin' });
  });

  it('refuses a second open letter for the same member, a validity above the maximum, and a letter to the member’s own home', async () => {
    const member = await memberSince(t, 'A1', SINCE);
    expect(expectOk(await issue(t, admin, { member: member.memberNumber, toOrg: 'B1', validDays: 90 }), 201, TransferSchema).validDays).toBe(90);
    expectError(await issue(t, admin, { member: member.memberNumber, toOrg: 'A2' }), 409, 'ERR_TRANSFER_ALREADY_OPEN');
    const other = await memberSince(t, 'A1', SINCE);
    expectError(await issue(t, admin, { member: other.memberNumber, toOrg: 'B1', validDays: 91 }), 422, 'ERR_TRANSFER_VALIDITY_INVALID');
    expectError(await issue(t, admin, { member: other.memberNumber, toOrg: 'A1' }), 422, 'ERR_TRANSFER_SAME_ORG');
    expectError(await issue(t, admin, { member: 'NOBODY', toOrg: 'B1' }), 404, 'ERR_MEMBER_NOT_FOUND');
    expectError(await issue(t, admin, { member: other.memberNumber, toOrg: 'NOWHERE' }), 404, 'ERR_ORG_NOT_FOUND');
  });

  it('when the receiver accepts, the home period at the sender closes today and one at the receiver opens today, in one step', async () => {
    const member = await memberSince(t, 'A1', SINCE);
    const letter = await issued(t, member.memberNumber, 'B1');
    const receiver = await userToken(t, 'secretary', 'B1');
    const accepted = expectOk(await act(t, receiver, letter.id, 'accept'), 200, TransferSchema);
    expect(accepted).toMatchObject({ status: 'accepted', acceptedVia: 'console', acceptEventId: null, closedAt: t.clock.now().toISOString() });
    expect(accepted.closedBy).toMatch(/^user:secretary-B1-/);
    expect(homeLine(await periodsOf(t, member.memberNumber))).toEqual([`A1 ${SINCE}→${today}`, `B1 ${today}→open`]);
    // settled letters take no further action, and the member may get a new letter now
    expectError(await act(t, receiver, letter.id, 'accept'), 409, 'ERR_TRANSFER_NOT_OPEN');
    expectError(await act(t, admin, letter.id, 'cancel', {}), 409, 'ERR_TRANSFER_NOT_OPEN');
    expect((await issued(t, member.memberNumber, 'A2')).fromOrg).toBe('B1');
  });

  it('when the receiver returns the letter with a reason, the member stays with the sender and the letter is closed', async () => {
    const member = await memberSince(t, 'A1', SINCE);
    const letter = await issued(t, member.memberNumber, 'B1');
    expectError(await act(t, admin, letter.id, 'return', {}), 400, 'ERR_VALIDATION');
    const returned = expectOk(await act(t, admin, letter.id, 'return', { reason: '查无此人' }), 200, TransferSchema);
    expect(returned).toMatchObject({ status: 'returned', returnReason: '查无此人', cancelReason: null, acceptedVia: null });
    expect(homeLine(await periodsOf(t, member.memberNumber))).toEqual([`A1 ${SINCE}→open`]);
    expectError(await act(t, admin, letter.id, 'accept'), 409, 'ERR_TRANSFER_NOT_OPEN');
  });

  it('when the sender cancels the letter, it can no longer be accepted', async () => {
    const member = await memberSince(t, 'A1', SINCE);
    const letter = await issued(t, member.memberNumber, 'B1');
    const cancelled = expectOk(await act(t, await userToken(t, 'secretary', 'A1'), letter.id, 'cancel', { reason: '本人撤回' }), 200, TransferSchema);
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: '本人撤回', returnReason: null });
    expectError(await act(t, admin, letter.id, 'accept'), 409, 'ERR_TRANSFER_NOT_OPEN');
    expectError(await act(t, admin, letter.id, 'return', { reason: 'x' }), 409, 'ERR_TRANSFER_NOT_OPEN');
    expect(homeLine(await periodsOf(t, member.memberNumber))).toEqual([`A1 ${SINCE}→open`]);
  });

  it('when a member joined the sender today and is transferred today, then only the receiver’s period remains (a period cannot be empty)', async () => {
    const member = await memberSince(t, 'A1', today);
    const letter = await issued(t, member.memberNumber, 'B1');
    expectOk(await act(t, admin, letter.id, 'accept'), 200, TransferSchema);
    expect(homeLine(await periodsOf(t, member.memberNumber))).toEqual([`B1 ${today}→open`]);
  });

  it('when two console acceptances race, exactly one wins and the other gets ERR_TRANSFER_NOT_OPEN; the periods move once', async () => {
    const member = await memberSince(t, 'A1', SINCE);
    const letter = await issued(t, member.memberNumber, 'B1');
    const organiser = await userToken(t, 'organiser', 'B');
    const [one, two] = await Promise.all([act(t, admin, letter.id, 'accept'), act(t, organiser, letter.id, 'accept')]);
    expect([one.status, two.status].sort()).toEqual([200, 409]);
    expect(errorCode(one.status === 409 ? one : two)).toBe('ERR_TRANSFER_NOT_OPEN');
    expect(homeLine(await periodsOf(t, member.memberNumber))).toEqual([`A1 ${SINCE}→${today}`, `B1 ${today}→open`]);
  });

  it('lists the receiver’s inbox and the sender’s outbox, by status, newest first, in pages', async () => {
    const members = await Promise.all([memberSince(t, 'A2', SINCE), memberSince(t, 'A2', SINCE), memberSince(t, 'A2', SINCE)]);
    const letters = [];
    for (const member of members) letters.push(await issued(t, member.memberNumber, 'B1'));
    expectOk(await act(t, admin, letters[0]!.id, 'cancel', {}), 200, TransferSchema);
    const outbox = expectOk(await t.call('GET', '/api/v1/transfers?org=A2&direction=outgoing&status=issued&limit=1', { token: admin }), 200, TransferListSchema);
    expect(outbox.transfers.map((letter) => letter.id)).toEqual([letters[2]!.id]);
    const rest = expectOk(await t.call(`GET`, `/api/v1/transfers?org=A2&direction=outgoing&status=issued&limit=1&before=${outbox.next}`, { token: admin }), 200, TransferListSchema);
    expect(rest.transfers.map((letter) => letter.id)).toEqual([letters[1]!.id]);
    const inbox = expectOk(await t.call('GET', '/api/v1/transfers?org=B1&direction=incoming', { token: admin }), 200, TransferListSchema);
    expect(inbox.transfers.map((letter) => letter.id)).toEqual(expect.arrayContaining(letters.map((letter) => letter.id)));
    const intoA2 = expectOk(await t.call('GET', '/api/v1/transfers?org=A2&direction=incoming', { token: admin }), 200, TransferListSchema);
    expect(intoA2.transfers.map((letter) => letter.id)).not.toContain(letters[1]!.id);
  });
});

describe('transfer letters: expiry by the clock', () => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer();
    await createTree(t);
  });
  afterAll(() => t.close());

  it('reads an open letter as expired the moment its validity lapses, refuses to accept it, and keeps the member with the sender', async () => {
    const member = await memberSince(t, 'A1', SINCE);
    const letter = await issued(t, member.memberNumber, 'B1', 10);
    t.clock.set(new Date(Date.parse(letter.expiresAt) - 1));
    expect(expectOk(await t.call('GET', `/api/v1/transfers/${letter.id}`, { token: await t.adminToken() }), 200, TransferSchema).status).toBe('issued');
    t.clock.advance(1);
    const lapsed = expectOk(await t.call('GET', `/api/v1/transfers/${letter.id}`, { token: await t.adminToken() }), 200, TransferSchema);
    expect(lapsed).toMatchObject({ status: 'expired', closedAt: letter.expiresAt });
    const refused = await act(t, await t.adminToken(), letter.id, 'accept');
    expectError(refused, 409, 'ERR_TRANSFER_EXPIRED');
    expect((refused.body as { error: { details: unknown } }).error.details).toEqual({ transfer: letter.id, expiresAt: letter.expiresAt });
    expectError(await act(t, await t.adminToken(), letter.id, 'return', { reason: 'late' }), 409, 'ERR_TRANSFER_EXPIRED');
    expect(homeLine(await periodsOf(t, member.memberNumber))).toEqual([`A1 ${SINCE}→open`]);
    const listed = expectOk(await t.call('GET', `/api/v1/transfers?member=${member.memberNumber}&status=expired`, { token: await t.adminToken() }), 200, TransferListSchema);
    expect(listed.transfers.map((entry) => entry.id)).toEqual([letter.id]);
  });

  it('lets the sender issue a new letter once the old one lapsed, without waiting for the sweep', async () => {
    const member = await memberSince(t, 'A1', SINCE);
    const first = await issued(t, member.memberNumber, 'B1', 1);
    expectError(await issue(t, await t.adminToken(), { member: member.memberNumber, toOrg: 'A2' }), 409, 'ERR_TRANSFER_ALREADY_OPEN');
    t.clock.set(new Date(first.expiresAt));
    expect((await issued(t, member.memberNumber, 'A2')).status).toBe('issued');
  });

  it('the sweep writes lapsed letters expired with an audit row, and leaves open ones alone', async () => {
    const lapsing = await issued(t, (await memberSince(t, 'A2', SINCE)).memberNumber, 'B1', 2);
    const open = await issued(t, (await memberSince(t, 'A2', SINCE)).memberNumber, 'B1', 5);
    t.clock.advance(3 * DAY);
    const swept = await expireLapsedTransfers(t.server.context);
    expect(swept.map((letter) => letter.id)).toContain(lapsing.id);
    expect(swept.map((letter) => letter.id)).not.toContain(open.id);
    expect(swept.every((letter) => letter.status === 'expired')).toBe(true);
    expect(await expireLapsedTransfers(t.server.context)).toEqual([]);
    const trail = expectOk(await t.call('GET', '/api/v1/audit?org=A2', { token: await t.adminToken() }), 200, AuditListSchema);
    expect(trail.entries.find((entry) => entry.targetId === lapsing.id && entry.action === 'transfer.expire')?.actor).toBe('system:expiry');
    expect(expectOk(await t.call('GET', `/api/v1/transfers/${open.id}`, { token: await t.adminToken() }), 200, TransferSchema).status).toBe('issued');
  });
});
