import { isSecretary, KioskConfigSchema as KioskSideConfigSchema } from '../../kiosk/core/config/config-schema.ts';
import { importJWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyRevocationList } from '../../shared/verify/revocation.ts';
import { CardSchema } from '../../server/schemas/cards.ts';
import { KioskConfigSchema } from '../../server/schemas/kiosks.ts';
import { MeetingKindSchema, MeetingSchema } from '../../server/schemas/meetings.ts';
import { OrgSchema } from '../../server/schemas/orgs.ts';
import { createMember, createTree, credentialFor, registeredIssuer, userToken } from './support/fixtures.ts';
import { expectOk } from './support/http.ts';
import { startTestServer, type EnrolledKiosk, type TestServer } from './support/test-server.ts';
import { issued } from './support/transfer-world.ts';

describe('kiosk configuration', () => {
  let t: TestServer;
  let admin: string;
  let kiosk: EnrolledKiosk;
  const fetchConfig = async (ifNoneMatch?: string) =>
    t.call('GET', '/api/v1/kiosk/config', { token: await t.kioskToken(kiosk), headers: ifNoneMatch ? { 'if-none-match': ifNoneMatch } : {} });
  const at = (hoursFromNow: number): string => new Date(t.clock.now().getTime() + hoursFromNow * 3600_000).toISOString();
  const schedule = async (org: string, startHours: number) =>
    expectOk(await t.call('POST', '/api/v1/meetings', { token: admin, json: { org, kind: 'theme_day', startsAt: at(startHours), endsAt: at(startHours + 2) } }), 201, MeetingSchema);

  beforeAll(async () => {
    t = await startTestServer();
    admin = await t.adminToken();
    await createTree(t);
    kiosk = await t.enrollKiosk('A1');
  });
  afterAll(() => t.close());

  it('gives a kiosk its issuers, a revocation list signed by the server, roster, meetings and transfers', async () => {
    const issuer = await registeredIssuer(t);
    const homeMember = await createMember(t, 'A1', { name: '本支部党员' });
    const otherBranchMember = await createMember(t, 'B1', { name: '外支部党员' });
    await t.call('POST', '/api/v1/orgs', { token: admin, json: { code: 'OTHER', name: '另一县', kind: 'county' } });
    const otherTreeMember = await createMember(t, 'OTHER', { name: '外县党员' });
    const lostCard = await credentialFor(issuer, otherBranchMember);
    expectOk(await t.call('POST', '/api/v1/cards', { token: admin, json: { credential: lostCard.jwt } }), 201, CardSchema);
    expectOk(await t.call('POST', `/api/v1/cards/${lostCard.serial}/revoke`, { token: admin, json: { reason: 'lost' } }), 200, CardSchema);
    const soon = await schedule('A1', 24);
    const past = await schedule('A1', -72);
    const farAhead = await schedule('A1', 24 * 30);
    const elsewhere = await schedule('B1', 24);

    const response = await fetchConfig();
    const config = expectOk(response, 200, KioskConfigSchema);
    expect(config.issuers.keys.map((key) => key.kid)).toEqual([issuer.kid]);
    const enrolled = t.server.context.signingKey.publicJwk;
    const revocations = await verifyRevocationList(config.revocations, await importJWK({ kty: enrolled.kty, crv: enrolled.crv, x: enrolled.x }, 'EdDSA'));
    expect(revocations.lookup(lostCard.serial)?.reason).toBe('lost');
    const roster = new Map(config.roster.map((entry) => [entry.member, entry]));
    expect(roster.get(homeMember.memberNumber)).toMatchObject({ member: homeMember.memberNumber, name: '本支部党员', org: 'A1' });
    expect(roster.get(homeMember.memberNumber)?.orgName).toEqual(expect.any(String));
    expect(roster.get(otherBranchMember.memberNumber)?.org).toBe('B1');
    expect(roster.has(otherTreeMember.memberNumber)).toBe(false);
    expect(config.meetings.map((meeting) => meeting.id)).toEqual([soon.id]);
    expect(config.meetings.map((meeting) => meeting.id)).not.toContain(past.id);
    expect(config.meetings.map((meeting) => meeting.id)).not.toContain(farAhead.id);
    expect(config.meetings.map((meeting) => meeting.id)).not.toContain(elsewhere.id);
    expect(config.transfers).toEqual([]);
    expect(config.serverTime).toBe(t.clock.now().toISOString());
    // The kiosk reads this answer with its own schema: the two sides of the contract must agree.
    const seenByKiosk = KioskSideConfigSchema.parse(config);
    expect(seenByKiosk.roster.find((entry) => entry.member === homeMember.memberNumber)?.org).toBe('A1');
    expect(seenByKiosk.meetings[0]?.org).toBe('A1');
    expect(config.meetingKinds.slice(0, 2)).toEqual([
      { code: 'general_meeting', nameZh: '支部党员大会', nameEn: 'Branch general meeting' },
      { code: 'committee', nameZh: '支部委员会', nameEn: 'Branch committee meeting' },
    ]);
    expect(seenByKiosk.meetingKinds?.map((kind) => kind.code)).toEqual(['general_meeting', 'committee', 'group', 'lecture', 'theme_day', 'other']);
  });

  it('names the organisation’s time zone, so the kiosk shows meeting times on the organisation’s clock', async () => {
    expect(expectOk(await fetchConfig(), 200, KioskConfigSchema).timeZone).toBe('Asia/Shanghai');
    const abroad = await startTestServer({ timeZone: 'America/New_York' });
    try {
      await createTree(abroad);
      const config = expectOk(await abroad.call('GET', '/api/v1/kiosk/config', { token: await abroad.kioskToken(await abroad.enrollKiosk('A1')) }), 200, KioskConfigSchema);
      expect(config.timeZone).toBe('America/New_York');
      expect(KioskSideConfigSchema.parse(config).timeZone).toBe('America/New_York');
    } finally {
      await abroad.close();
    }
  });

  it('answers 304 to a matching If-None-Match with a strong ETag, even as serverTime moves', async () => {
    const first = await fetchConfig();
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    t.clock.advance(5_000);
    const again = await fetchConfig(etag ?? undefined);
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    expect((await fetchConfig(`"stale", ${etag ?? ''}`)).status).toBe(304);
    expect((await fetchConfig('"stale"')).status).toBe(200);
    expect((await fetchConfig(`W/${etag ?? ''}`)).status).toBe(200);
  });

  it.each([
    ['a card is revoked', async () => {
      const issuer = await registeredIssuer(t, `od-${Math.random()}`);
      const member = await createMember(t, 'A2');
      const card = await credentialFor(issuer, member);
      await t.call('POST', '/api/v1/cards', { token: admin, json: { credential: card.jwt } });
      const etag = (await fetchConfig()).headers.get('etag');
      await t.call('POST', `/api/v1/cards/${card.serial}/revoke`, { token: admin, json: { reason: 'revoked' } });
      return etag;
    }],
    ['a meeting is scheduled for the kiosk organisation', async () => {
      const etag = (await fetchConfig()).headers.get('etag');
      await schedule('A1', 48);
      return etag;
    }],
    ['a member joins the tree', async () => {
      const etag = (await fetchConfig()).headers.get('etag');
      await createMember(t, 'B1');
      return etag;
    }],
  ])('changes the ETag when %s', async (_change, change) => {
    const before = await change();
    const after = await fetchConfig(before ?? undefined);
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(before);
  });

  it('sends the kinds a secretary may open, as admins add, rename and retire them, each change with a new ETag', async () => {
    const kinds = async (etag: string | null) => {
      const response = await fetchConfig(etag ?? undefined);
      expect(response.status).toBe(200);
      return { etag: response.headers.get('etag'), kinds: KioskSideConfigSchema.parse(KioskConfigSchema.parse(response.body)).meetingKinds };
    };
    const kindChange = async (path: string, json?: unknown) => expectOk(await t.call('POST', `/api/v1/meeting-kinds${path}`, { token: admin, ...(json === undefined ? {} : { json }) }), path === '' ? 201 : 200, MeetingKindSchema);
    const start = (await fetchConfig()).headers.get('etag');

    await kindChange('', { code: 'study_session', nameZh: '专题学习', nameEn: 'Study session' });
    const added = await kinds(start);
    expect(added.kinds?.at(-1)).toEqual({ code: 'study_session', nameZh: '专题学习', nameEn: 'Study session' });
    expect(added.etag).not.toBe(start);

    await kindChange('/study_session/rename', { nameZh: '专题学习会' });
    const renamed = await kinds(added.etag);
    expect(renamed.kinds?.at(-1)).toEqual({ code: 'study_session', nameZh: '专题学习会', nameEn: 'Study session' });
    expect(renamed.etag).not.toBe(added.etag);

    await kindChange('/other/retire');
    const retired = await kinds(renamed.etag);
    expect(retired.kinds?.map((kind) => kind.code)).toEqual(['general_meeting', 'committee', 'group', 'lecture', 'theme_day', 'study_session']);
    expect(retired.etag).not.toBe(renamed.etag);
    expect((await fetchConfig(retired.etag ?? undefined)).status).toBe(304);
  });

  it('keeps the ETag when something outside the kiosk’s concern changes', async () => {
    const before = (await fetchConfig()).headers.get('etag');
    expectOk(await t.call('POST', '/api/v1/orgs', { token: admin, json: { code: 'A1-SUB', name: '小组', kind: 'branch', parent: 'A1' } }), 201, OrgSchema);
    await schedule('B1', 30);
    expect((await fetchConfig(before ?? undefined)).status).toBe(304);
  });
  it('sends the open letters addressed to the kiosk’s organisation and marks its secretaries, in a form the kiosk reads', async () => {
    const before = (await fetchConfig()).headers.get('etag');
    const secretary = await createMember(t, 'A1', { name: '书记' });
    await userToken(t, 'secretary', 'A1', secretary.memberNumber);
    const plain = await createMember(t, 'A1', { name: '普通党员' });
    const incoming = await issued(t, (await createMember(t, 'B1', { name: '转入党员' })).memberNumber, 'A1');
    const elsewhere = await issued(t, (await createMember(t, 'B1')).memberNumber, 'A2');
    const lapsing = await issued(t, (await createMember(t, 'B1')).memberNumber, 'A1', 1);

    const response = await fetchConfig(before ?? undefined);
    expect(response.status).toBe(200);
    const config = KioskConfigSchema.parse(response.body);
    expect(config.transfers.map((letter) => letter.id).sort()).toEqual([incoming.id, lapsing.id].sort());
    expect(config.transfers.find((letter) => letter.id === incoming.id)).toEqual({
      id: incoming.id,
      member: incoming.member,
      name: '转入党员',
      fromOrg: 'B1',
      fromOrgName: '乙镇第一支部',
      toOrg: 'A1',
      expiresAt: incoming.expiresAt,
    });
    expect(config.transfers.map((letter) => letter.id)).not.toContain(elsewhere.id);
    // The kiosk reads this answer with its own schema: letters and the secretary mark must come through.
    const seenByKiosk = KioskSideConfigSchema.parse(config);
    const roster = new Map(seenByKiosk.roster.map((entry) => [entry.member, entry]));
    expect(isSecretary(roster.get(secretary.memberNumber)!)).toBe(true);
    expect(isSecretary(roster.get(plain.memberNumber)!)).toBe(false);
    expect(seenByKiosk.transfers.find((letter) => letter.id === incoming.id)).toMatchObject({ member: incoming.member, fromOrg: 'B1', toOrg: 'A1', expiresAt: incoming.expiresAt });

    // A letter that lapses leaves the configuration (and so changes the ETag) without anyone touching it.
    const etag = response.headers.get('etag');
    t.clock.set(new Date(lapsing.expiresAt));
    await t.adminToken();
    const later = await fetchConfig(etag ?? undefined);
    expect(later.status).toBe(200);
    expect(KioskConfigSchema.parse(later.body).transfers.map((letter) => letter.id)).toEqual([incoming.id]);
  });
});
