import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReferenceApplet } from '../../card-firmware-spec/reference/applet.ts';
import { MemoryTransport } from '../../shared/card/memory-transport.ts';
import { generateIssuerKey, type IssuerKeyFile } from '../../shared/issuance/issuer-key.ts';
import { CardSchema, ReplaceCardResultSchema } from '../../server/schemas/cards.ts';
import { createMember, createTree, credentialFor, registeredIssuer } from './support/fixtures.ts';
import { expectOk } from './support/http.ts';
import { ingest, issueCard, KioskSigner, memberWithCard, openDatabase, registerCard, scheduleMeeting, storedEvents, tap, type TestCard } from './support/ingest-world.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

const DAY = 86_400_000;

describe('event ingest: card evidence against the issuer keys and the server’s card records', () => {
  let t: TestServer;
  let issuer: IssuerKeyFile;
  let meeting: string;
  const kiosk = async (): Promise<KioskSigner> => new KioskSigner(await t.enrollKiosk('A1'));
  const codes = (receipts: { status: string; code?: string }[]) => receipts.map((r) => r.code ?? r.status);
  const cardView = async (csn: string) => expectOk(await t.call('GET', `/api/v1/cards/${csn}`, { token: await t.adminToken() }), 200, CardSchema);
  const alarms = (kid: string): { type: string; csn: string | null; event_ids: string }[] => {
    const db = openDatabase(t.dataDir);
    try {
      return db.prepare('SELECT type, csn, event_ids FROM alarms WHERE kiosk_kid = ? ORDER BY id').all(kid) as { type: string; csn: string | null; event_ids: string }[];
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    t = await startTestServer();
    await createTree(t);
    issuer = await registeredIssuer(t);
    meeting = await scheduleMeeting(t, 'A1');
  });
  afterAll(() => t.close());

  it('when a card was revoked at or before the tap, then the check-in is rejected ERR_CARD_REVOKED; tapped before the revocation, it is accepted', async () => {
    const card = await memberWithCard(t, issuer, 'A1');
    const revokedAt = t.clock.now();
    await t.call('POST', `/api/v1/cards/${card.csn}/revoke`, { token: await t.adminToken(), json: { reason: 'lost' } });
    const k = await kiosk();
    const at = (offsetMs: number) => new Date(revokedAt.getTime() + offsetMs).toISOString();
    const events = [
      await k.checkin(card, meeting, { at: at(-60_000) }),
      await k.checkin(card, meeting, { at: at(0) }),
      await k.checkin(card, meeting, { at: at(60_000) }),
    ];
    expect(codes(await ingest(t, k.kiosk, events))).toEqual(['accepted', 'ERR_CARD_REVOKED', 'ERR_CARD_REVOKED']);
  });

  it.each([
    ['revoked', async (card: TestCard) => expectOk(await t.call('POST', `/api/v1/cards/${card.csn}/revoke`, { token: await t.adminToken(), json: { reason: 'revoked' } }), 200, CardSchema)],
    [
      'replaced',
      async (card: TestCard) => {
        const next = await credentialFor(issuer, card.member);
        const result = await t.call('POST', `/api/v1/cards/${card.csn}/replace`, { token: await t.adminToken(), json: { credential: next.jwt } });
        return expectOk(result, 201, ReplaceCardResultSchema).replaced;
      },
    ],
  ])('when a card’s status became %s, then a tap after the change is rejected ERR_CARD_REVOKED and one before it, delivered late, is accepted', async (status, change) => {
    const card = await memberWithCard(t, issuer, 'A1');
    const k = await kiosk();
    const changedAt = t.clock.now();
    // Tapped before the change, delivered after it (an offline kiosk).
    const late = await k.checkin(card, meeting, { at: new Date(changedAt.getTime() - 60_000).toISOString() });
    expect(await change(card)).toMatchObject({ csn: card.csn, status });
    const afterwards = await k.checkin(card, await scheduleMeeting(t, 'A1'), { at: new Date(changedAt.getTime() + 60_000).toISOString() });
    expect(codes(await ingest(t, k.kiosk, [late, afterwards]))).toEqual(['accepted', 'ERR_CARD_REVOKED']);
  });

  it('when the credential had expired at the tap, then it is rejected ERR_CREDENTIAL_EXPIRED; a tap inside its validity is accepted', async () => {
    const issuedAt = new Date(Date.now() - 400 * DAY);
    const card = await issueCard(issuer, await createMember(t, 'A1'), { now: issuedAt, validDays: 365 });
    const realNow = t.clock.now();
    t.clock.set(new Date(issuedAt.getTime() + DAY));
    await registerCard(t, card);
    t.clock.set(realNow);
    const old = await scheduleMeeting(t, 'A1', new Date(issuedAt.getTime() + 2 * DAY));
    const k = await kiosk();
    const inside = await k.checkin(card, old, { at: new Date(issuedAt.getTime() + 2 * DAY + 60_000).toISOString() });
    const after = await k.checkin(card, meeting);
    expect(codes(await ingest(t, k.kiosk, [inside, after]))).toEqual(['accepted', 'ERR_CREDENTIAL_EXPIRED']);
  });

  it('when the credential comes from an issuer the server does not know, then it is rejected ERR_ISSUER_UNKNOWN', async () => {
    const rogue = await generateIssuerKey('rogue-od');
    const card = await issueCard(rogue, await createMember(t, 'A1'));
    const k = await kiosk();
    expect(codes(await ingest(t, k.kiosk, [await k.checkin(card, meeting)]))).toEqual(['ERR_ISSUER_UNKNOWN']);
  });

  it('when the card signed a tap for another meeting than the event names, then it is rejected ERR_PRESENCE_SIGNATURE_INVALID', async () => {
    const card = await memberWithCard(t, issuer, 'A1');
    const k = await kiosk();
    const other = await scheduleMeeting(t, 'A1');
    expect(codes(await ingest(t, k.kiosk, [await k.checkin(card, meeting, { tappedFor: other })]))).toEqual(['ERR_PRESENCE_SIGNATURE_INVALID']);
  });

  describe('when the card signed other facts than the event states', () => {
    /**
     * The card signs `misbound` facts at counter N and, from a copy of its state taken before, the event's
     * own facts at the same counter N. A signature that does not verify for its event proves nothing about
     * the card, so it must not count as a use of N: the genuine tap is neither a clone nor a replay.
     */
    type Facts = Parameters<typeof tap>[1];
    const sameCounterTwice = async (card: TestCard, misbound: Facts, genuine: Facts) => {
      const twin: TestCard = { ...card, applet: ReferenceApplet.load(card.applet.save()) };
      twin.transport = new MemoryTransport(twin.applet);
      const wrong = await tap(card, misbound);
      const right = await tap(twin, genuine);
      expect(wrong.counter).toBe(right.counter);
      return { wrong, right };
    };

    const bends: [string, (facts: Facts, otherKid: string) => Facts][] = [
      ['another time than the event’s `at`', (facts) => ({ ...facts, at: new Date(Date.parse(facts.at) - 1000).toISOString() })],
      ['another kiosk’s id', (facts, otherKid) => ({ ...facts, kioskKid: otherKid })],
    ];
    it.each(bends)('over %s, then the check-in is rejected ERR_PRESENCE_SIGNATURE_INVALID, before or after the genuine tap of the same counter, and no alarm is raised', async (_, bend) => {
      const card = await memberWithCard(t, issuer, 'A1');
      const [k, other] = [await kiosk(), await kiosk()];
      for (const order of ['misbound first', 'genuine first'] as const) {
        const at = new Date().toISOString();
        const facts = { purpose: 'checkin', kioskKid: k.kid, subjectId: meeting, at };
        const { wrong, right } = await sameCounterTwice(card, bend(facts, other.kid), facts);
        const body = (evidence: typeof wrong) => ({ type: 'checkin' as const, meeting, member: card.member.memberNumber, card: evidence });
        const misbound = await k.sign(body(wrong), { at });
        const genuine = await k.sign(body(right), { at });
        const receipts = await ingest(t, k.kiosk, order === 'misbound first' ? [misbound, genuine] : [genuine, misbound]);
        const expected = order === 'misbound first' ? ['ERR_PRESENCE_SIGNATURE_INVALID', 'accepted'] : ['accepted', 'ERR_PRESENCE_SIGNATURE_INVALID'];
        expect(codes(receipts), order).toEqual(expected);
      }
      expect(alarms(k.kid)).toEqual([]);
      expect((await cardView(card.csn)).highestCounter).toBe(card.applet.save().counter);
    });

    it('when a check-in tap is put into a transfer.accept for the same subject, kiosk and time, then it is rejected ERR_PRESENCE_SIGNATURE_INVALID, not taken for a replay', async () => {
      const member = await memberWithCard(t, issuer, 'A1');
      const secretary = await memberWithCard(t, issuer, 'A1');
      const k = await kiosk();
      const at = new Date().toISOString();
      // The transfer id is the meeting's, so only the purpose tells the two taps apart.
      const checkinFacts = { purpose: 'checkin', kioskKid: k.kid, subjectId: meeting, at };
      const checkinTap = await tap(member, checkinFacts);
      const checkin = await k.sign({ type: 'checkin', meeting, member: member.member.memberNumber, card: checkinTap }, { at });
      const transferFacts = { ...checkinFacts, purpose: 'transfer.accept' };
      const reused = async () =>
        k.sign({ type: 'transfer.accept', transfer: meeting, member: member.member.memberNumber, card: checkinTap, secretary: await tap(secretary, transferFacts) }, { at });
      const before = await reused();
      const after = await reused();
      expect(codes(await ingest(t, k.kiosk, [before, checkin, after]))).toEqual(['ERR_PRESENCE_SIGNATURE_INVALID', 'accepted', 'ERR_PRESENCE_SIGNATURE_INVALID']);
      expect(alarms(k.kid)).toEqual([]);
    });
  });

  it('when two taps carry the same counter over different challenges (a cloned card), then the later is rejected ERR_CARD_CLONED, both are kept, and a clone alarm names the card', async () => {
    const card = await memberWithCard(t, issuer, 'A1');
    const applet = ReferenceApplet.load(card.applet.save());
    const clone: TestCard = { ...card, applet, transport: new MemoryTransport(applet) };
    const k = await kiosk();
    const genuine = await k.checkin(card, meeting);
    const copied = await k.checkin(clone, await scheduleMeeting(t, 'A1'));
    expect(codes(await ingest(t, k.kiosk, [genuine, copied]))).toEqual(['accepted', 'ERR_CARD_CLONED']);
    const stored = storedEvents(t.dataDir, k.kid);
    expect(stored.map((row) => row.status)).toEqual(['accepted', 'rejected']);
    expect(alarms(k.kid)).toEqual([{ type: 'clone', csn: card.csn, event_ids: JSON.stringify([stored[0]?.event_id, stored[1]?.event_id]) }]);
  });

  it('when one tap is put into a second event, then the second is rejected ERR_CARD_EVIDENCE_REPLAYED with a replay alarm', async () => {
    const card = await memberWithCard(t, issuer, 'A1');
    const k = await kiosk();
    const at = new Date().toISOString();
    const evidence = await tap(card, { purpose: 'checkin', kioskKid: k.kid, subjectId: meeting, at });
    const body = { type: 'checkin' as const, meeting, member: card.member.memberNumber, card: evidence };
    const events = [await k.sign(body, { at }), await k.sign(body, { at })];
    expect(codes(await ingest(t, k.kiosk, events))).toEqual(['accepted', 'ERR_CARD_EVIDENCE_REPLAYED']);
    expect(alarms(k.kid).map((alarm) => alarm.type)).toEqual(['replay']);
  });

  it('when an offline kiosk delivers a lower counter after a higher one, then it is accepted and the highest counter stays the highest', async () => {
    const card = await memberWithCard(t, issuer, 'A1');
    const [offline, online] = [await kiosk(), await kiosk()];
    const early = await offline.checkin(card, meeting);
    const late = await online.checkin(card, await scheduleMeeting(t, 'A1'));
    expect(codes(await ingest(t, online.kiosk, [late]))).toEqual(['accepted']);
    const highest = (await cardView(card.csn)).highestCounter;
    expect(highest).toBe(card.applet.save().counter);
    expect(codes(await ingest(t, offline.kiosk, [early]))).toEqual(['accepted']);
    expect((await cardView(card.csn)).highestCounter).toBe(highest);
  });

  it('when the event names another member than the card’s credential, then it is rejected ERR_EVENT_MEMBER_MISMATCH', async () => {
    const card = await memberWithCard(t, issuer, 'A1');
    const someoneElse = await createMember(t, 'A1');
    const k = await kiosk();
    expect(codes(await ingest(t, k.kiosk, [await k.checkin(card, meeting, { member: someoneElse.memberNumber })]))).toEqual(['ERR_EVENT_MEMBER_MISMATCH']);
  });

  it('when the card was issued but never registered on the server, then it is rejected ERR_CARD_UNKNOWN', async () => {
    const card = await issueCard(issuer, await createMember(t, 'A1'));
    const k = await kiosk();
    expect(codes(await ingest(t, k.kiosk, [await k.checkin(card, meeting)]))).toEqual(['ERR_CARD_UNKNOWN']);
  });

  it('when a transfer acceptance arrives, then both cards are verified and the confirming card must be another member’s before the letter is judged', async () => {
    const member = await memberWithCard(t, issuer, 'B1');
    const secretary = await memberWithCard(t, issuer, 'A1');
    const stranger = await issueCard(issuer, await createMember(t, 'A1'));
    const k = await kiosk();
    const transfer = 'transfer-0001';
    const accept = async (confirming: TestCard): Promise<string> => {
      const at = new Date().toISOString();
      const facts = { purpose: 'transfer.accept', kioskKid: k.kid, subjectId: transfer, at };
      const card = await tap(member, facts);
      return k.sign({ type: 'transfer.accept', transfer, member: member.member.memberNumber, card, secretary: await tap(confirming, facts) }, { at });
    };
    // With both cards good, what remains is the letter, which the transfer rules judge (there is none here).
    expect(codes(await ingest(t, k.kiosk, [await accept(secretary), await accept(member), await accept(stranger)]))).toEqual([
      'ERR_TRANSFER_NOT_FOUND',
      'ERR_EVENT_SECRETARY_IS_MEMBER',
      'ERR_CARD_UNKNOWN',
    ]);
  });

  it('keeps each card’s highest counter from the taps it accepted', async () => {
    const card = await memberWithCard(t, issuer, 'A1');
    const k = await kiosk();
    expect((await cardView(card.csn)).highestCounter).toBe(0);
    await ingest(t, k.kiosk, [await k.checkin(card, meeting), await k.checkin(card, await scheduleMeeting(t, 'A1'))]);
    expect((await cardView(card.csn)).highestCounter).toBe(card.applet.save().counter);
  });
});
