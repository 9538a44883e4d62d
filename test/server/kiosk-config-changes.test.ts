import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CardSchema } from '../../server/schemas/cards.ts';
import { KioskConfigSchema, type KioskConfig } from '../../server/schemas/kiosks.ts';
import { MeetingKindSchema, MeetingSchema } from '../../server/schemas/meetings.ts';
import { MemberSchema } from '../../server/schemas/members.ts';
import { OrgSchema } from '../../server/schemas/orgs.ts';
import { TransferSchema } from '../../server/schemas/transfers.ts';
import { UserSchema } from '../../server/schemas/users.ts';
import { sortablePath } from '../../server/store/org-filter.ts';
import { createMember, createTree, credentialFor, registeredIssuer, USER_PASSWORD } from './support/fixtures.ts';
import { expectOk } from './support/http.ts';
import { changeStatus } from './support/member-status-calls.ts';
import { startTestServer, type EnrolledKiosk, type TestServer } from './support/test-server.ts';
import { act, DAY, issued, memberSince } from './support/transfer-world.ts';

/**
 * A kiosk asks for its configuration every minute. An unchanged one is answered 304 from a few small reads: the
 * tree's roster (the large part) is read again only when the database's version of that tree, or the organisation's
 * day, has moved. So every kind of change to what the configuration holds must still reach the kiosk, as a new ETag
 * and the full answer carrying it; changes written straight into the database (as the admin command, an import or a
 * bulk load may) as much as those made through the API.
 */
describe('kiosk configuration: what a kiosk is sent again, and what it is not', () => {
  let t: TestServer;
  /** at A1, in the tree CTY */
  let kiosk: EnrolledKiosk;
  /** at OTH1, in the tree OTH */
  let otherTreeKiosk: EnrolledKiosk;
  const db = () => t.server.store.handles.writable;
  const tomorrow = (): string => t.dayOf(new Date(t.clock.now().getTime() + DAY));

  const pull = async (from: EnrolledKiosk, etag?: string) =>
    t.call('GET', '/api/v1/kiosk/config', { token: await t.kioskToken(from), headers: etag === undefined ? {} : { 'if-none-match': etag } });
  /** the kiosk's ETag now, after checking that it is answered 304 */
  const etagOf = async (from = kiosk): Promise<string> => {
    const etag = (await pull(from)).headers.get('etag');
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    expect((await pull(from, etag!)).status).toBe(304);
    return etag!;
  };
  /** what a kiosk still holding `before` is sent: the full answer under a new ETag, which is answered 304 from then on */
  const sentAfter = async (before: string, from = kiosk): Promise<KioskConfig> => {
    const response = await pull(from, before);
    expect(response.status).toBe(200);
    const etag = response.headers.get('etag');
    expect(etag).not.toBe(before);
    expect((await pull(from, etag!)).status).toBe(304);
    return KioskConfigSchema.parse(response.body);
  };
  const rosterLine = (config: KioskConfig, member: string) => config.roster.find((line) => line.member === member);
  const idOf = (table: 'organisations' | 'members', column: 'code' | 'member_number', value: string): number =>
    db().prepare(`SELECT id FROM ${table} WHERE ${column} = ?`).pluck().get(value) as number;
  /** how often the kiosk roster is read from the database while `work` runs */
  const rosterReadsDuring = async (work: () => Promise<void>): Promise<number> => {
    const reads = vi.spyOn(t.server.context.read.members, 'roster');
    try {
      await work();
      return reads.mock.calls.length;
    } finally {
      reads.mockRestore();
    }
  };

  beforeAll(async () => {
    t = await startTestServer();
    await createTree(t);
    for (const org of [{ code: 'OTH', name: '另一县委', kind: 'county' }, { code: 'OTH1', name: '另一县第一支部', kind: 'branch', parent: 'OTH' }]) {
      expectOk(await t.call('POST', '/api/v1/orgs', { token: await t.adminToken(), json: org }), 201, OrgSchema);
    }
    await createMember(t, 'A1', { name: '老党员' });
    await createMember(t, 'OTH1', { name: '外县党员' });
    kiosk = await t.enrollKiosk('A1');
    otherTreeKiosk = await t.enrollKiosk('OTH1');
  });
  afterAll(() => t.close());

  describe('an unchanged configuration costs a few small reads', () => {
    it('is answered 304, however often the kiosk asks, without the roster being read again', async () => {
      const etag = await etagOf();
      const reads = await rosterReadsDuring(async () => {
        for (let i = 0; i < 3; i++) expect((await pull(kiosk, etag)).status).toBe(304);
      });
      expect(reads).toBe(0);
    });

    it('is sent in full to the organisation’s second kiosk, and to a kiosk elsewhere in the tree, without the roster being read again', async () => {
      const etag = await etagOf();
      const secondKiosk = await t.enrollKiosk('A1', 'second kiosk');
      const elsewhere = await t.enrollKiosk('B1', 'kiosk at B1');
      let configs: KioskConfig[] = [];
      const reads = await rosterReadsDuring(async () => {
        const answers = [await pull(secondKiosk), await pull(elsewhere)];
        expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
        expect(answers[0]!.headers.get('etag')).toBe(etag);
        configs = answers.map((answer) => KioskConfigSchema.parse(answer.body));
      });
      expect(reads).toBe(0);
      expect(configs[1]!.roster).toEqual(configs[0]!.roster);
      expect(configs[0]!.roster.map((line) => line.name)).toContain('老党员');
    });

    it('keeps its ETag, and the roster unread, while another tree changes', async () => {
      const etag = await etagOf();
      const reads = await rosterReadsDuring(async () => {
        const stranger = await createMember(t, 'OTH1', { name: '外县新党员' });
        db().prepare('UPDATE members SET name = ? WHERE member_number = ?').run('外县新党员（更正）', stranger.memberNumber);
        expect((await pull(kiosk, etag)).status).toBe(304);
      });
      expect(reads).toBe(0);
    });

    it('reads the roster again after a read that failed, instead of answering every later pull with the failure', async () => {
      const member = await createMember(t, 'A1', { name: '读取失败后' });
      const reads = vi.spyOn(t.server.context.read.members, 'roster').mockRejectedValueOnce(new Error('database is locked'));
      try {
        expect((await pull(kiosk)).status).toBe(500);
        const again = await pull(kiosk);
        expect(again.status).toBe(200);
        expect(rosterLine(KioskConfigSchema.parse(again.body), member.memberNumber)?.name).toBe('读取失败后');
        expect(reads).toHaveBeenCalledTimes(2);
      } finally {
        reads.mockRestore();
      }
    });

    it('keeps its ETag as the organisation’s day turns with nothing due that day', async () => {
      const etag = await etagOf();
      t.clock.advance(DAY);
      expect((await pull(kiosk, etag)).status).toBe(304);
    });
  });

  describe('a change to the roster gives a new ETag and the full answer', () => {
    it('when a member joins a branch of the tree', async () => {
      const before = await etagOf();
      const member = await createMember(t, 'B1', { name: '新党员' });
      expect(rosterLine(await sentAfter(before), member.memberNumber)).toEqual({ member: member.memberNumber, name: '新党员', org: 'B1', orgName: '乙镇第一支部' });
    });

    it('when a member’s name is corrected straight in the database', async () => {
      const member = await createMember(t, 'A2', { name: '王小明' });
      const before = await etagOf();
      db().prepare('UPDATE members SET name = ? WHERE member_number = ?').run('王晓明', member.memberNumber);
      expect(rosterLine(await sentAfter(before), member.memberNumber)?.name).toBe('王晓明');
    });

    it('when a member is suspended, and again when reinstated', async () => {
      const member = await createMember(t, 'A1');
      const before = await etagOf();
      expectOk(await changeStatus(t, await t.adminToken(), member.memberNumber, { status: 'suspended', on: t.today(), reason: '立案审查期间' }), 200, MemberSchema);
      const suspended = await sentAfter(before);
      expect(rosterLine(suspended, member.memberNumber)).toBeUndefined();
      const whileSuspended = await etagOf();
      expectOk(await changeStatus(t, await t.adminToken(), member.memberNumber, { status: 'active', on: t.today(), reason: '审查结束，恢复' }), 200, MemberSchema);
      expect(rosterLine(await sentAfter(whileSuspended), member.memberNumber)).toBeDefined();
    });

    it('when a member leaves: off the roster, and the card on the revocation list', async () => {
      const issuer = await registeredIssuer(t, 'leaving-od');
      const member = await memberSince(t, 'A1', '2020-01-01', '离开党员');
      const card = await credentialFor(issuer, member, { now: t.clock.now() });
      expectOk(await t.call('POST', '/api/v1/cards', { token: await t.adminToken(), json: { credential: card.jwt } }), 201, CardSchema);
      const heldBefore = KioskConfigSchema.parse((await pull(kiosk)).body);
      expect(rosterLine(heldBefore, member.memberNumber)).toBeDefined();
      const before = await etagOf();
      expectOk(await changeStatus(t, await t.adminToken(), member.memberNumber, { status: 'left', on: t.today(), reason: '本人申请' }), 200, MemberSchema);
      const after = await sentAfter(before);
      expect(rosterLine(after, member.memberNumber)).toBeUndefined();
      expect(after.revocations).not.toBe(heldBefore.revocations);
    });

    it('when a member from another tree is accepted: this tree gains them and the other tree’s kiosk loses them', async () => {
      const incoming = await createMember(t, 'OTH1', { name: '调入党员' });
      const [before, otherBefore] = [await etagOf(), await etagOf(otherTreeKiosk)];
      const letter = await issued(t, incoming.memberNumber, 'A1');
      expectOk(await act(t, await t.adminToken(), letter.id, 'accept'), 200, TransferSchema);
      expect(rosterLine(await sentAfter(before), incoming.memberNumber)).toMatchObject({ name: '调入党员', org: 'A1' });
      expect(rosterLine(await sentAfter(otherBefore, otherTreeKiosk), incoming.memberNumber)).toBeUndefined();
    });

    it('when a member moves between branches of the tree: the roster names the new branch', async () => {
      const mover = await memberSince(t, 'B1', '2020-01-01', '迁移党员');
      const letter = await issued(t, mover.memberNumber, 'A2');
      const before = await etagOf();
      expectOk(await act(t, await t.adminToken(), letter.id, 'accept'), 200, TransferSchema);
      expect(rosterLine(await sentAfter(before), mover.memberNumber)).toMatchObject({ org: 'A2', orgName: '甲镇第二支部' });
    });

    it('when a branch is renamed and given a new code straight in the database', async () => {
      expectOk(await t.call('POST', '/api/v1/orgs', { token: await t.adminToken(), json: { code: 'A3', name: '甲镇第三支部', kind: 'branch', parent: 'A' } }), 201, OrgSchema);
      const member = await createMember(t, 'A3');
      const before = await etagOf();
      db().prepare('UPDATE organisations SET code = ?, name = ? WHERE code = ?').run('A3X', '甲镇新村支部', 'A3');
      expect(rosterLine(await sentAfter(before), member.memberNumber)).toMatchObject({ org: 'A3X', orgName: '甲镇新村支部' });
    });

    it('when a branch moves from another tree into this one straight in the database: its members come, and leave the other tree’s roster', async () => {
      expectOk(await t.call('POST', '/api/v1/orgs', { token: await t.adminToken(), json: { code: 'OTH2', name: '另一县第二支部', kind: 'branch', parent: 'OTH' } }), 201, OrgSchema);
      const member = await createMember(t, 'OTH2', { name: '随支部划转' });
      const [before, otherBefore] = [await etagOf(), await etagOf(otherTreeKiosk)];
      const moved = idOf('organisations', 'code', 'OTH2');
      const committee = db().prepare(`SELECT id, path, depth FROM organisations WHERE code = 'A'`).get() as { id: number; path: string; depth: number };
      const path = `${committee.path}${moved}/`;
      db().prepare('UPDATE organisations SET parent_id = ?, path = ?, sort_path = ?, depth = ? WHERE id = ?').run(committee.id, path, sortablePath(path), committee.depth + 1, moved);
      expect(rosterLine(await sentAfter(before), member.memberNumber)).toMatchObject({ org: 'OTH2', name: '随支部划转' });
      expect(rosterLine(await sentAfter(otherBefore, otherTreeKiosk), member.memberNumber)).toBeUndefined();
    });

    it('when the organisation’s day comes on which a home period begins or ends', async () => {
      const starting = await createMember(t, 'A2', { name: '明日转入' });
      const ending = await createMember(t, 'A2', { name: '今日最后一天' });
      const before = await etagOf();
      // Written straight in, as a load of a later membership could: the API starts a membership today at the latest.
      const setPeriod = db().prepare(`UPDATE membership_periods SET valid_from = coalesce(?, valid_from), valid_to = ? WHERE member_id = ? AND kind = 'home'`);
      setPeriod.run(tomorrow(), null, idOf('members', 'member_number', starting.memberNumber));
      setPeriod.run(null, tomorrow(), idOf('members', 'member_number', ending.memberNumber));
      const today = await sentAfter(before);
      expect(rosterLine(today, starting.memberNumber)).toBeUndefined();
      expect(rosterLine(today, ending.memberNumber)).toBeDefined();

      const held = await etagOf();
      t.clock.advance(DAY);
      const nextDay = await sentAfter(held);
      expect(rosterLine(nextDay, starting.memberNumber)).toBeDefined();
      expect(rosterLine(nextDay, ending.memberNumber)).toBeUndefined();
    });

    it('when a member of the organisation becomes its secretary, and again when the account is disabled', async () => {
      const member = await createMember(t, 'A1', { name: '支部书记' });
      const before = await etagOf();
      const user = expectOk(
        await t.call('POST', '/api/v1/users', { token: await t.adminToken(), json: { username: `secretary-${member.memberNumber.toLowerCase()}`, password: USER_PASSWORD, role: 'secretary', org: 'A1', member: member.memberNumber } }),
        201,
        UserSchema,
      );
      expect(rosterLine(await sentAfter(before), member.memberNumber)?.role).toBe('secretary');
      const marked = await etagOf();
      expectOk(await t.call('POST', `/api/v1/users/${user.id}/disable`, { token: await t.adminToken() }), 200, UserSchema);
      expect(rosterLine(await sentAfter(marked), member.memberNumber)?.role).toBeUndefined();
    });
  });

  describe('a change to the rest of the configuration gives a new ETag and the full answer', () => {
    it('when an issuer is registered', async () => {
      const before = await etagOf();
      const issuer = await registeredIssuer(t, 'new-od');
      expect((await sentAfter(before)).issuers.keys.map((key) => key.kid)).toContain(issuer.publicJwk.kid);
    });

    it('when a card is reported lost', async () => {
      const issuer = await registeredIssuer(t, 'lost-card-od');
      const card = await credentialFor(issuer, await createMember(t, 'B1'), { now: t.clock.now() });
      expectOk(await t.call('POST', '/api/v1/cards', { token: await t.adminToken(), json: { credential: card.jwt } }), 201, CardSchema);
      const heldBefore = KioskConfigSchema.parse((await pull(kiosk)).body);
      const before = await etagOf();
      expectOk(await t.call('POST', `/api/v1/cards/${card.serial}/revoke`, { token: await t.adminToken(), json: { reason: 'lost' } }), 200, CardSchema);
      expect((await sentAfter(before)).revocations).not.toBe(heldBefore.revocations);
    });

    it('when a meeting is scheduled for the organisation, and again when it has been over for a day', async () => {
      const before = await etagOf();
      const startsAt = new Date(t.clock.now().getTime() + 3600_000);
      const meeting = expectOk(
        await t.call('POST', '/api/v1/meetings', { token: await t.adminToken(), json: { org: 'A1', kind: 'theme_day', startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 2 * 3600_000).toISOString() } }),
        201,
        MeetingSchema,
      );
      expect((await sentAfter(before)).meetings.map((listed) => listed.id)).toContain(meeting.id);
      const held = await etagOf();
      t.clock.advance(DAY + 4 * 3600_000);
      expect((await sentAfter(held)).meetings.map((listed) => listed.id)).not.toContain(meeting.id);
    });

    it('when a meeting kind is renamed', async () => {
      const before = await etagOf();
      expectOk(await t.call('POST', '/api/v1/meeting-kinds/lecture/rename', { token: await t.adminToken(), json: { nameZh: '专题党课' } }), 200, MeetingKindSchema);
      expect((await sentAfter(before)).meetingKinds.find((kind) => kind.code === 'lecture')?.nameZh).toBe('专题党课');
    });

    it('when a letter is addressed to the organisation, and again when it is cancelled', async () => {
      const member = await createMember(t, 'B1', { name: '持介绍信党员' });
      const before = await etagOf();
      const letter = await issued(t, member.memberNumber, 'A1');
      expect((await sentAfter(before)).transfers.map((listed) => listed.id)).toContain(letter.id);
      const held = await etagOf();
      expectOk(await act(t, await t.adminToken(), letter.id, 'cancel', { reason: '开错了' }), 200, TransferSchema);
      expect((await sentAfter(held)).transfers.map((listed) => listed.id)).not.toContain(letter.id);
    });

    it('when the kiosk is moved to another organisation straight in the database', async () => {
      const moving = await t.enrollKiosk('A2', 'kiosk to move');
      const startsAt = new Date(t.clock.now().getTime() + 3600_000);
      const meeting = expectOk(
        await t.call('POST', '/api/v1/meetings', { token: await t.adminToken(), json: { org: 'A1', kind: 'theme_day', startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 2 * 3600_000).toISOString() } }),
        201,
        MeetingSchema,
      );
      const before = await etagOf(moving);
      db().prepare('UPDATE kiosks SET org_id = ? WHERE kid = ?').run(idOf('organisations', 'code', 'A1'), moving.kid);
      expect((await sentAfter(before, moving)).meetings.map((listed) => listed.id)).toEqual([meeting.id]);
    });
  });
});
