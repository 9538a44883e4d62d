import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditListSchema } from '../../server/schemas/audit.ts';
import { CardSchema } from '../../server/schemas/cards.ts';
import { createMember, createTree, credentialFor, randomSerial, registeredIssuer, userToken } from './support/fixtures.ts';
import { expectError, expectOk } from './support/http.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

describe('reads of things that do not exist', () => {
  let t: TestServer;
  let admin: string;
  beforeAll(async () => {
    t = await startTestServer();
    admin = await t.adminToken();
    await createTree(t);
  });
  afterAll(() => t.close());

  it.each([
    ['/api/v1/orgs?root=NOPE', 'ERR_ORG_NOT_FOUND'],
    ['/api/v1/members/NOBODY', 'ERR_MEMBER_NOT_FOUND'],
    ['/api/v1/members?org=NOPE', 'ERR_ORG_NOT_FOUND'],
    ['/api/v1/users?org=NOPE', 'ERR_ORG_NOT_FOUND'],
    [`/api/v1/cards/${randomSerial()}`, 'ERR_CARD_NOT_FOUND'],
    ['/api/v1/kiosks?org=NOPE', 'ERR_ORG_NOT_FOUND'],
    ['/api/v1/meetings?org=NOPE', 'ERR_ORG_NOT_FOUND'],
    ['/api/v1/audit?org=NOPE', 'ERR_ORG_NOT_FOUND'],
  ])('GET %s → 404 %s', async (path, code) => {
    expectError(await t.call('GET', path, { token: admin }), 404, code);
  });

  it.each([['/api/v1/meetings?from=yesterday'], ['/api/v1/audit?limit=5000'], ['/api/v1/kiosks?org=bad code']])('GET %s → 400 ERR_VALIDATION', async (path) => {
    expectError(await t.call('GET', path, { token: admin }), 400, 'ERR_VALIDATION');
  });
});

describe('the audit trail', () => {
  let t: TestServer;
  let admin: string;
  beforeAll(async () => {
    t = await startTestServer();
    admin = await t.adminToken();
    await createTree(t);
  });
  afterAll(() => t.close());

  it('records a card revocation with who, when, target and before/after, newest first', async () => {
    const issuer = await registeredIssuer(t);
    const member = await createMember(t, 'A2');
    const { jwt, serial } = await credentialFor(issuer, member);
    expectOk(await t.call('POST', '/api/v1/cards', { token: admin, json: { credential: jwt } }), 201, CardSchema);
    const organiser = await userToken(t, 'organiser', 'A');
    t.clock.advance(1000);
    expectOk(await t.call('POST', `/api/v1/cards/${serial}/revoke`, { token: organiser, json: { reason: 'lost' } }), 200, CardSchema);

    const { entries } = expectOk(await t.call('GET', '/api/v1/audit?org=A2', { token: admin }), 200, AuditListSchema);
    expect(entries[0]).toMatchObject({
      at: t.clock.now().toISOString(),
      actor: expect.stringMatching(/^user:organiser-A-/),
      action: 'card.revoke',
      targetType: 'card',
      targetId: serial,
      org: 'A2',
      summary: { before: { status: 'active' }, after: { status: 'lost' } },
    });
    expect(entries.map((entry) => entry.action)).toEqual(['card.revoke', 'card.register', 'member.create', 'org.create']);
  });

  it('shows an auditor only their subtree, and pages with `before`', async () => {
    await createMember(t, 'B1');
    const auditor = await userToken(t, 'auditor', 'A');
    const { entries } = expectOk(await t.call('GET', '/api/v1/audit', { token: auditor }), 200, AuditListSchema);
    expect(entries.length).toBeGreaterThan(2);
    expect(entries.every((entry) => entry.org !== null && ['A', 'A1', 'A2'].includes(entry.org))).toBe(true);
    const page = expectOk(await t.call('GET', `/api/v1/audit?limit=1&before=${entries[0]?.id ?? 0}`, { token: auditor }), 200, AuditListSchema);
    expect(page.entries).toEqual([entries[1]]);
  });

  it('keeps audit rows out of a write that failed', async () => {
    const count = () => t.server.store.handles.readable.prepare('SELECT count(*) FROM audit_log').pluck().get();
    const before = count();
    expectError(await t.call('POST', '/api/v1/orgs', { token: admin, json: { code: 'A1', name: 'dup', kind: 'branch', parent: 'A' } }), 409, 'ERR_ORG_CODE_TAKEN');
    expect(count()).toBe(before);
  });
});
