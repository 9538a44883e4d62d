import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKioskKey } from '../../shared/events/kiosk-key.ts';
import { signEvent } from '../../shared/events/event-jws.ts';
import type { EventPayload } from '../../shared/events/event-schema.ts';
import type { IssuerKeyFile } from '../../shared/issuance/issuer-key.ts';
import { fromBase64Strict, toBase64 } from '../../shared/log/base64.ts';
import { generateNoteKeys } from '../../shared/log/note-signer.ts';
import { BundleSchema, type Bundle } from '../../server/schemas/bundles.ts';
import { CardSchema } from '../../server/schemas/cards.ts';
import { rerootBundle, padWith } from './support/bundle-forgery.ts';
import { createTree, registeredIssuer } from './support/fixtures.ts';
import { expectOk } from './support/http.ts';
import { ingest, issueCard, KioskSigner, payloadOf, registerCard, scheduleMeeting, type TestCard } from './support/ingest-world.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { DAY, memberSince } from './support/transfer-world.ts';
import { eventLines, runVerify, writeBundleFile } from './support/verify-cli.ts';

const HOUR = 3_600_000;

/**
 * An auditor who does not trust the server's operator: the operator chooses what goes into a bundle, holds
 * the log key and the server key, and may register keys of its own. Each test gives the verifier a bundle
 * such an operator could make from real events of a real server, and holds it to naming what is wrong.
 */
describe('npm run verify -- BUNDLE, against an operator who lies', { timeout: 120_000 }, () => {
  let t: TestServer;
  let dir: string;
  let issuer: IssuerKeyFile;
  let rogue: IssuerKeyFile;
  let issuerFile: string;
  const bundles = {} as Record<'member' | 'window' | 'other' | 'revoked' | 'rogueCard' | 'orgB1' | 'orgA1', Bundle>;
  let windowDay: string;
  let kioskB1: KioskSigner;

  const write = (name: string, content: Bundle | string): string => writeBundleFile(dir, name, content);
  const tampered = (bundle: Bundle, edit: (copy: Bundle) => void): Bundle => {
    const copy = structuredClone(bundle);
    edit(copy);
    return copy;
  };
  const rootOf = (bundle: Bundle): string => bundle.checkpoint.split('\n')[2]!;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mic-bundle-distrust-'));
    t = await startTestServer();
    await createTree(t);
    issuer = await registeredIssuer(t);
    // The operator registers a key of its own under the department's name: the server trusts whatever is registered.
    rogue = await registeredIssuer(t, issuer.iss);
    issuerFile = join(dir, `${issuer.iss}.public.json`);
    writeFileSync(issuerFile, `${JSON.stringify(issuer.publicJwk, null, 2)}\n`);

    const issuedLongAgo = new Date(Date.now() - 30 * DAY);
    const cardFor = async (org: string, key = issuer): Promise<TestCard> => {
      const card = await issueCard(key, await memberSince(t, org, '2020-01-01'), { now: issuedLongAgo });
      await registerCard(t, card);
      return card;
    };
    const [member, other, revoked, rogueCard, atA1] = [await cardFor('B1'), await cardFor('B1'), await cardFor('B1'), await cardFor('B1', rogue), await cardFor('A1')];
    kioskB1 = new KioskSigner(await t.enrollKiosk('B1'));
    const kioskA1 = new KioskSigner(await t.enrollKiosk('A1'));

    // 07:30 in Beijing five days ago is 23:30 UTC the day before: in the organisation's day, not UTC's.
    const calendar = t.server.context.calendar;
    windowDay = t.dayOf(new Date(Date.now() - 5 * DAY));
    const early = new Date(calendar.startOfDay(windowDay).getTime() + 7.5 * HOUR);
    const twoDaysBefore = new Date(calendar.startOfDay(t.dayOf(new Date(Date.now() - 7 * DAY))).getTime() + 10 * HOUR);
    const [inWindow, beforeWindow, today] = [
      await scheduleMeeting(t, 'B1', new Date(early.getTime() - HOUR)),
      await scheduleMeeting(t, 'B1', new Date(twoDaysBefore.getTime() - HOUR)),
      await scheduleMeeting(t, 'B1'),
    ];
    const receipts = await ingest(t, kioskB1.kiosk, [
      await kioskB1.checkin(member, inWindow, { at: early.toISOString() }),
      await kioskB1.checkin(member, beforeWindow, { at: twoDaysBefore.toISOString() }),
      await kioskB1.checkin(member, today),
      await kioskB1.checkin(other, today),
      await kioskB1.checkin(revoked, today),
      await kioskB1.checkin(rogueCard, today),
    ]);
    expect(receipts.map((receipt) => receipt.status)).toEqual(Array(6).fill('accepted'));
    expect((await ingest(t, kioskA1.kiosk, [await kioskA1.checkin(atA1, await scheduleMeeting(t, 'A1'))]))[0]?.status).toBe('accepted');

    const revoke = async (card: TestCard, reason: 'lost' | 'revoked', at: Date): Promise<void> => {
      t.clock.set(at);
      expectOk(await t.call('POST', `/api/v1/cards/${card.csn}/revoke`, { token: await t.adminToken(), json: { reason } }), 200, CardSchema);
    };
    // The member's card is lost after their taps, which stay good. The server's own records say the other card
    // was revoked two hours before the tap the server nonetheless counted.
    await revoke(member, 'lost', new Date(Date.now() + 60_000));
    await revoke(revoked, 'revoked', new Date(Date.now() - 2 * HOUR));
    t.clock.set(new Date());

    const get = async (path: string): Promise<Bundle> => expectOk(await t.call('GET', path, { token: await t.adminToken() }), 200, BundleSchema);
    bundles.member = await get(`/api/v1/members/${member.member.memberNumber}/bundle`);
    bundles.window = await get(`/api/v1/members/${member.member.memberNumber}/bundle?from=${windowDay}&to=${windowDay}`);
    bundles.other = await get(`/api/v1/members/${other.member.memberNumber}/bundle`);
    bundles.revoked = await get(`/api/v1/members/${revoked.member.memberNumber}/bundle`);
    bundles.rogueCard = await get(`/api/v1/members/${rogueCard.member.memberNumber}/bundle`);
    bundles.orgB1 = await get('/api/v1/orgs/B1/bundle');
    bundles.orgA1 = await get('/api/v1/orgs/A1/bundle');
    // Nothing was logged in between: one checkpoint covers them all, so events can be moved from one to another.
    expect(new Set(Object.values(bundles).map((bundle) => bundle.checkpoint)).size).toBe(1);
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('passes a genuine bundle, and says what it does not prove, with the checkpoint’s root and every issuer key to compare', async () => {
    expect(bundles.member.events).toHaveLength(3);
    const run = await runVerify(['--lang', 'en', write('member', bundles.member)]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('verified: all 3 events');
    expect(run.stdout).toContain(`root ${rootOf(bundles.member)}`);
    // The operator's own key is in the bundle as much as the department's: the auditor has to see both to compare them.
    expect(run.stdout).toContain(`${issuer.iss} ${issuer.kid}`);
    expect(run.stdout).toContain(`${issuer.iss} ${rogue.kid}`);
    expect(run.stdout).toMatch(/not proven/i);
    expect(run.stdout).toContain('every event');
    expect(run.stdout).toContain('--monitor');
  });

  it('reads the window in the organisation’s days: a tap at 07:30 in Beijing is on that day, though UTC is still on the day before', async () => {
    expect(bundles.window.manifest.entries.map((entry) => entry.at)).toHaveLength(1);
    expect(t.server.context.calendar.dayOf(bundles.window.manifest.entries[0]!.at)).toBe(windowDay);
    expect(bundles.window.manifest.entries[0]!.at.slice(0, 10)).not.toBe(windowDay);
    const run = await runVerify(['--lang', 'en', write('window', bundles.window)]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain(`${windowDay} to ${windowDay} (days in Asia/Shanghai), 1 event\n`);
    expect(run.stdout).toContain('verified: the 1 event — kiosk signatures');
  });

  it('counts in the singular where there is one: one event of one failed, one bundle-wide check, a manifest of one event', async () => {
    const oneEvent = tampered(bundles.window, (copy) => {
      const hash = fromBase64Strict(copy.events[0]!.inclusionProof[0]!)!;
      hash[0]! ^= 0x01;
      copy.events[0]!.inclusionProof[0] = toBase64(hash);
    });
    const failed = await runVerify(['--lang', 'en', write('window-tampered', oneEvent)]);
    expect(failed.code, failed.stdout).toBe(2);
    expect(failed.stderr).toContain('FAILED verification: 1 of 1 event, 0 bundle-wide checks');

    const shortManifest = tampered(bundles.member, (copy) => void (copy.manifest.entries = copy.manifest.entries.slice(0, 1)));
    const listed = await runVerify(['--lang', 'en', write('manifest-of-one', shortManifest)]);
    expect(listed.code, listed.stdout).toBe(2);
    expect(listed.stdout).toContain('the manifest lists 1 event, the bundle holds 3');
    expect(listed.stderr).toMatch(/FAILED verification: \d of 3 events, 1 bundle-wide check$/m);
  });

  it.each([
    { padding: 'another member’s check-in', bundle: 'member', donor: 'other', position: 0, named: 'bundle subject: not-the-subject' },
    { padding: 'a check-in at another organisation', bundle: 'orgA1', donor: 'orgB1', position: 0, named: 'bundle subject: not-the-subject' },
    { padding: 'the member’s check-in two days before the window', bundle: 'window', donor: 'member', position: 1, named: 'bundle window: outside' },
    { padding: 'the first check-in a second time', bundle: 'member', donor: 'member', position: 0, named: 'listed once: repeated' },
  ] as const)('when the server pads a bundle with $padding, the verifier names that event and exits 2', async ({ bundle, donor, position, named }) => {
    const padded = padWith(bundles[bundle], bundles[donor], position);
    const run = await runVerify(['--lang', 'en', write(`padded-${bundle}-${donor}-${position}`, padded)]);
    const last = padded.events.length;
    expect(run.code, run.stdout).toBe(2);
    expect(eventLines(run.stdout, last)[0]).toMatch(/^FAIL event /);
    expect(eventLines(run.stdout, last).join('\n')).toContain(named);
    for (let n = 1; n < last; n += 1) expect(eventLines(run.stdout, n)[0], `event ${n}`).toMatch(/^ok {3}event /);
  });

  it('when the operator signs an event with a key of its own put under a real kiosk’s id, the kiosk key is named as not that kiosk’s', async () => {
    const forger = await generateKioskKey();
    const kid = kioskB1.kid;
    const forged = tampered(bundles.member, (copy) => {
      copy.kiosks[kid] = { ...copy.kiosks[kid]!, jwk: { kty: 'OKP', crv: 'Ed25519', x: String(forger.publicJwk.x) } };
    });
    forged.events[2]!.jws = await signEvent(payloadOf(forged.events[2]!.jws) as EventPayload, forger.privateKey, kid);
    const run = await runVerify(['--lang', 'en', write('kiosk-key', await rerootBundle(forged, t.server.context.logKey))]);
    expect(run.code, run.stdout).toBe(2);
    expect(eventLines(run.stdout, 3).join('\n')).toContain('kiosk key: kid-mismatch');
  });

  it('checks credentials against the department’s own key when given one: a card the operator signed with a key of its own fails', async () => {
    const trusting = await runVerify(['--lang', 'en', write('rogue-card', bundles.rogueCard)]);
    // Taken from the bundle, the operator's key vouches for its own card: only comparing the keys shows it.
    expect(trusting.code, trusting.stdout).toBe(0);
    expect(trusting.stdout).toContain(`${issuer.iss} ${rogue.kid}`);

    const given = await runVerify(['--lang', 'en', '--issuer', issuerFile, join(dir, 'rogue-card.json')]);
    expect(given.code, given.stdout).toBe(2);
    expect(eventLines(given.stdout, 1).join('\n')).toContain('member card credential: ERR_ISSUER_UNKNOWN');
    expect(given.stdout).toContain('given');

    const genuine = await runVerify(['--lang', 'en', '--issuer', issuerFile, join(dir, 'member.json')]);
    expect(genuine.code, genuine.stdout).toBe(0);
  });

  it('when the bundle puts another key under a department key’s id, the issuer keys check names it and its cards fail', async () => {
    const swapped = tampered(bundles.member, (copy) => {
      copy.issuers.keys = copy.issuers.keys.map((key) => (key.kid === issuer.kid ? { ...rogue.publicJwk, kid: issuer.kid } : key));
    });
    const run = await runVerify(['--lang', 'en', write('issuer-kid', swapped)]);
    expect(run.code, run.stdout).toBe(2);
    expect(run.stdout).toMatch(/^FAIL issuer keys: kid-mismatch/m);
    expect(eventLines(run.stdout, 1).join('\n')).toContain('member card credential: ERR_ISSUER_UNKNOWN');
  });

  it('opens the checkpoint with the log key the auditor gives, and says when the bundle names another', async () => {
    const own = await runVerify(['--lang', 'en', '--key', t.server.context.logKey.verifierKey, join(dir, 'member.json')]);
    expect(own.code, own.stdout).toBe(0);
    expect(own.stdout).toContain('given');

    const elsewhere = (await generateNoteKeys(t.server.context.logKey.name)).verifierKey;
    const other = await runVerify(['--lang', 'en', '--key', elsewhere, join(dir, 'member.json')]);
    expect(other.code, other.stdout).toBe(2);
    expect(other.stdout).toMatch(/^FAIL log verifier key: key-mismatch/m);
    expect(other.stdout).toMatch(/^FAIL checkpoint signature: ERR_NOTE_/m);
    expect(eventLines(other.stdout, 1).join('\n')).toContain('log inclusion: no-checkpoint');
  });

  it('holds each tap against the server’s signed revocation list at the tap’s time', async () => {
    // The member's card was lost after the taps: they stay good (the genuine bundle passed above).
    expect(bundles.member.revocations).toBeDefined();
    const revoked = await runVerify(['--lang', 'en', write('revoked', bundles.revoked)]);
    expect(revoked.code, revoked.stdout).toBe(2);
    expect(eventLines(revoked.stdout, 1).join('\n')).toContain('member card revocation: ERR_CARD_REVOKED');

    const { revocations: _list, ...withoutList } = bundles.member;
    const missing = await runVerify(['--lang', 'en', write('no-revocations', withoutList as Bundle)]);
    expect(missing.code, missing.stdout).toBe(2);
    expect(missing.stdout).toMatch(/^FAIL revocation list: missing/m);

    const altered = tampered(bundles.member, (copy) => {
      const [header, body, signature] = copy.revocations!.split('.');
      copy.revocations = `${header}.${body}.${signature!.startsWith('A') ? 'B' : 'A'}${signature!.slice(1)}`;
    });
    const bad = await runVerify(['--lang', 'en', write('bad-revocations', altered)]);
    expect(bad.code, bad.stdout).toBe(2);
    expect(bad.stdout).toMatch(/^FAIL revocation list: ERR_REVOCATION_LIST_INVALID/m);
  });

  // Last: it grows the log.
  it('with --monitor URL, proves the bundle’s checkpoint is part of the log the monitor follows, and catches a tree the operator signed for the bundle alone', async () => {
    const statePath = join(dir, 'monitor.json');
    expect((await runVerify(['--lang', 'en', '--monitor', t.url, '--state', statePath])).code).toBe(0);
    expect((await ingest(t, kioskB1.kiosk, [await kioskB1.sign({ type: 'card.denied', reason: 'expired' })]))[0]?.status).toBe('accepted');
    await t.server.context.checkpoints.publish();

    const genuine = await runVerify(['--lang', 'en', '--monitor', t.url, '--state', statePath, write('member-online', bundles.member)]);
    expect(genuine.code, genuine.stdout + genuine.stderr).toBe(0);
    const size = Number(bundles.member.checkpoint.split('\n')[1]);
    expect(genuine.stdout).toContain(`the bundle's checkpoint (size ${size}) is part of the log this monitor follows`);

    // A real event in a tree of the operator's own (where it is leaf 0, not 3), signed with the real log key: every offline check passes.
    const split = write('split-view', await rerootBundle(bundles.other, t.server.context.logKey));
    const offline = await runVerify(['--lang', 'en', split]);
    expect(offline.code, offline.stdout).toBe(0);
    const online = await runVerify(['--lang', 'en', '--monitor', t.url, '--state', statePath, split]);
    expect(online.code, online.stdout + online.stderr).toBe(3);
    expect(online.stderr).toContain('NOT PART OF THE LOG');
    expect(online.stderr).toContain('The bundle was shown a tree of 1 entry with root');
  });
});
