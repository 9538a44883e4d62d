import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromBase64Strict, toBase64 } from '../../shared/log/base64.ts';
import type { IssuerKeyFile } from '../../shared/issuance/issuer-key.ts';
import { BundleSchema, type Bundle } from '../../server/schemas/bundles.ts';
import { MeetingSchema } from '../../server/schemas/meetings.ts';
import { createTree, registeredIssuer, userToken } from './support/fixtures.ts';
import { expectError, expectOk } from './support/http.ts';
import { ingest, issueCard, KioskSigner, registerCard, tap, type TestCard } from './support/ingest-world.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { issued, memberSince } from './support/transfer-world.ts';
import { englishWordsIn, eventLines, runVerify, writeBundleFile } from './support/verify-cli.ts';

/** One character of a base64 / base64url text replaced by another of the same alphabet: one byte of the file. */
const swapChar = (text: string, index: number): string => text.slice(0, index) + (text[index] === 'A' ? 'B' : 'A') + text.slice(index + 1);

/** The event's payload edited as JSON and encoded again, keeping the kiosk's signature: what a forger can do. */
function editPayload(jws: string, edit: (payload: Record<string, Record<string, string>>) => void): string {
  const [header, body, signature] = jws.split('.');
  const payload = JSON.parse(Buffer.from(body!, 'base64url').toString('utf8')) as Record<string, Record<string, string>>;
  edit(payload);
  return `${header}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${signature}`;
}

describe('npm run verify -- BUNDLE: an auditor checks a member’s history offline', () => {
  let t: TestServer;
  let dir: string;
  let bundle: Bundle;
  let member: TestCard;

  const write = (name: string, content: Bundle | string): string => writeBundleFile(dir, name, content);
  const tampered = (edit: (copy: Bundle) => void): Bundle => {
    const copy = structuredClone(bundle);
    edit(copy);
    return copy;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mic-bundle-'));
    t = await startTestServer();
    await createTree(t);
    const issuer: IssuerKeyFile = await registeredIssuer(t);
    const cardFor = async (org: string): Promise<TestCard> => {
      const card = await issueCard(issuer, await memberSince(t, org, '2020-01-01'));
      await registerCard(t, card);
      return card;
    };
    member = await cardFor('B1');
    const secretary = await cardFor('A1');
    await userToken(t, 'secretary', 'A1', secretary.member.memberNumber);
    const kioskB1 = new KioskSigner(await t.enrollKiosk('B1'));
    const kioskA1 = new KioskSigner(await t.enrollKiosk('A1'));
    const meeting = async (org: string) => {
      const now = t.clock.now();
      const body = { org, kind: 'general_meeting', startsAt: new Date(now.getTime() - 3600_000).toISOString(), endsAt: new Date(now.getTime() + 3600_000).toISOString() };
      return expectOk(await t.call('POST', '/api/v1/meetings', { token: await t.adminToken(), json: body }), 201, MeetingSchema).id;
    };
    // At home in B1, then transferred to A1 at A1's kiosk (member and secretary tap), then a meeting there.
    expect((await ingest(t, kioskB1.kiosk, [await kioskB1.checkin(member, await meeting('B1'))]))[0]?.status).toBe('accepted');
    const letter = await issued(t, member.member.memberNumber, 'A1');
    const at = new Date().toISOString();
    const facts = { purpose: 'transfer.accept', kioskKid: kioskA1.kid, subjectId: letter.id, at };
    const card = await tap(member, facts);
    const acceptance = await kioskA1.sign({ type: 'transfer.accept', transfer: letter.id, member: member.member.memberNumber, card, secretary: await tap(secretary, facts) }, { at });
    expect((await ingest(t, kioskA1.kiosk, [acceptance, await kioskA1.checkin(member, await meeting('A1'))])).map((receipt) => receipt.status)).toEqual(['accepted', 'accepted']);
    bundle = expectOk(await t.call('GET', `/api/v1/members/${member.member.memberNumber}/bundle`, { token: await t.adminToken() }), 200, BundleSchema);
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exports the events with their proofs under one checkpoint, the kiosk and issuer keys, the verifier key and a manifest', () => {
    expect(bundle.subject).toEqual({ kind: 'member', member: member.member.memberNumber, name: member.member.name });
    expect(bundle.window).toEqual({ from: null, to: null, timeZone: 'Asia/Shanghai' });
    expect(bundle.events).toHaveLength(3);
    expect(bundle.manifest.entries.map((entry) => [entry.type, entry.org, entry.attendedAs])).toEqual([
      ['checkin', 'B1', 'home'],
      ['transfer.accept', 'A1', null],
      ['checkin', 'A1', 'home'],
    ]);
    expect(Object.values(bundle.kiosks).map((kiosk) => kiosk.org).sort()).toEqual(['A1', 'B1']);
    expect(bundle.logVerifierKey).toBe(t.server.context.logKey.verifierKey);
    expect(bundle.issuers.keys).toHaveLength(1);
  });

  it('passes a good bundle: exit 0, every event verified, and says to compare the verifier key out of band', async () => {
    const run = await runVerify(['--lang', 'en', write('good', bundle)], { viaNpm: true });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('verified: all 3 events');
    // An open window ends on the day the bundle was made, whenever it is verified.
    expect(run.stdout).toContain(`member ${member.member.memberNumber} (${member.member.name}), every day to ${t.dayOf(new Date(bundle.createdAt))}, the day it was made (days in Asia/Shanghai), 3 events`);
    expect(run.stdout).toContain(`log verifier key: ${bundle.logVerifierKey}`);
    expect(run.stdout).toMatch(/out of band/);
    expect(run.stdout.match(/^ok {3}event /gm)).toHaveLength(3);
  });

  it.each([
    {
      evidence: 'the kiosk signature',
      edit: (copy: Bundle) => {
        const [header, body, signature] = copy.events[0]!.jws.split('.');
        copy.events[0]!.jws = `${header}.${body}.${swapChar(signature!, 20)}`;
      },
      event: 1,
      named: ['kiosk signature: ERR_EVENT_SIGNATURE_INVALID'],
    },
    {
      evidence: 'the event payload',
      edit: (copy: Bundle) => {
        copy.events[2]!.jws = editPayload(copy.events[2]!.jws, (payload) => {
          payload.seq = (Number(payload.seq) + 1) as never;
        });
      },
      event: 3,
      named: ['kiosk signature: ERR_EVENT_SIGNATURE_INVALID', 'the payload or the signature was altered'],
    },
    {
      evidence: 'the member card’s presence signature',
      edit: (copy: Bundle) => {
        copy.events[0]!.jws = editPayload(copy.events[0]!.jws, (payload) => {
          payload.card!.sig = swapChar(payload.card!.sig!, 30);
        });
      },
      event: 1,
      named: ['member card presence signature: ERR_PRESENCE_SIGNATURE_INVALID'],
    },
    {
      evidence: 'the secretary card’s presence signature',
      edit: (copy: Bundle) => {
        copy.events[1]!.jws = editPayload(copy.events[1]!.jws, (payload) => {
          payload.secretary!.sig = swapChar(payload.secretary!.sig!, 30);
        });
      },
      event: 2,
      named: ['secretary card presence signature: ERR_PRESENCE_SIGNATURE_INVALID'],
    },
    {
      evidence: 'the credential',
      edit: (copy: Bundle) => {
        copy.events[2]!.jws = editPayload(copy.events[2]!.jws, (payload) => {
          const [header, claims, signature] = payload.card!.credential!.split('.');
          payload.card!.credential = `${header}.${claims}.${swapChar(signature!, 40)}`;
        });
      },
      event: 3,
      named: ['member card credential: ERR_CREDENTIAL_SIGNATURE_INVALID'],
    },
    {
      evidence: 'an inclusion proof hash',
      edit: (copy: Bundle) => {
        const hash = fromBase64Strict(copy.events[1]!.inclusionProof[0]!)!;
        hash[5]! ^= 0x01;
        copy.events[1]!.inclusionProof[0] = toBase64(hash);
      },
      event: 2,
      named: ['log inclusion: root-mismatch'],
    },
  ])('when one byte of $evidence changes, the verifier names it for that event and exits 2', async ({ edit, event, named }) => {
    const run = await runVerify(['--lang', 'en', write(`tampered-${event}-${named[0]!.split(':')[0]!.replace(/\W+/g, '-')}`, tampered(edit))]);
    expect(run.code, run.stdout).toBe(2);
    const lines = eventLines(run.stdout, event);
    expect(lines[0]).toMatch(/^FAIL event /);
    for (const text of named) expect(lines.join('\n')).toContain(text);
    for (const other of [1, 2, 3].filter((n) => n !== event)) expect(eventLines(run.stdout, other)[0], `event ${other}`).toMatch(/^ok {3}event /);
    expect(run.stderr).toContain('FAILED verification: 1 of 3 events');
  });

  // Each run starts node with tsx (a second or two on a busy machine): these tests make two or three.
  it('speaks Chinese by default: a good bundle is reported verified, with what it cannot prove, in Chinese', { timeout: 30_000 }, async () => {
    const run = await runVerify([write('good-zh', bundle)]);
    expect(run.code, run.stderr).toBe(0);
    const day = t.dayOf(new Date(bundle.createdAt));
    expect(run.stdout).toContain(`党员 ${member.member.memberNumber}（${member.member.name}），所有日子，截至 ${day}（导出当天）（按北京时间计日），共 3 条记录`);
    expect(run.stdout).toContain(`日志公钥：${bundle.logVerifierKey}`);
    expect(run.stdout).toContain('核对通过：全部 3 条记录');
    expect(run.stdout).toContain('这个数据包证明不了：');
    expect(run.stdout.match(/^通过 {3}第 \d\/3 条记录/gm)).toHaveLength(3);
    expect(run.stdout).not.toContain('verified');
    expect((await runVerify(['--lang', 'zh-CN', join(dir, 'good-zh.json')])).stdout).toBe(run.stdout);
  });

  const forged = (): Bundle =>
    tampered((copy) => {
      copy.events[2]!.jws = editPayload(copy.events[2]!.jws, (payload) => {
        payload.seq = (Number(payload.seq) + 1) as never;
      });
    });

  it('says in Chinese which event of a forged bundle fails and why', async () => {
    const run = await runVerify([write('forged-zh', forged())]);
    expect(run.code, run.stdout).toBe(2);
    const lines = run.stdout.split('\n');
    const third = lines.findIndex((line) => line.startsWith('不通过 第 3/3 条记录'));
    expect(third, run.stdout).toBeGreaterThan(-1);
    expect(lines[third + 1]).toContain('签到机签名：ERR_EVENT_SIGNATURE_INVALID——签到机的签名不对：记录内容或签名被改过');
    expect(lines.filter((line) => line.startsWith('通过   第 '))).toHaveLength(2);
    expect(run.stderr.trim()).toBe('核对不通过：3 条记录中有 1 条有问题，整体检查中有 0 项有问题');
  });

  it('leaves no English words in a Chinese report where everything fails', { timeout: 30_000 }, async () => {
    // Every event broken a different way, one of them twice over, the manifest wrong, the revocation list gone.
    const everything = tampered((copy) => {
      const [header, body, signature] = copy.events[0]!.jws.split('.');
      copy.events[0]!.jws = `${header}.${body}.${swapChar(signature!, 20)}`;
      copy.events[1]!.jws = editPayload(copy.events[1]!.jws, (payload) => {
        payload.secretary!.sig = swapChar(payload.secretary!.sig!, 30);
        payload.card!.sig = swapChar(payload.card!.sig!, 30);
      });
      copy.events[2]!.jws = forged().events[2]!.jws;
      copy.events.push(copy.events[0]!);
      copy.manifest.entries[0]!.org = 'A2';
      delete copy.revocations;
      const hash = fromBase64Strict(copy.events[1]!.inclusionProof[0]!)!;
      hash[5]! ^= 0x01;
      copy.events[1]!.inclusionProof[0] = toBase64(hash);
    });
    const path = write('everything-zh', everything);
    const broken = await runVerify([path]);
    expect(broken.code, broken.stdout).toBe(2);
    const report = `${broken.stdout}\n${broken.stderr}`;
    for (const check of ['签到机签名', '党员卡刷卡签名', '书记卡刷卡签名', '只列一次', '日志收录', '清单', '吊销名单']) expect(report).toContain(check);
    const machineParts = [
      path,
      bundle.logVerifierKey,
      member.member.memberNumber,
      ...everything.issuers.keys.flatMap((key) => [key.iss, key.kid]),
      ...Object.keys(bundle.kiosks),
      ...bundle.manifest.entries.flatMap((entry) => [entry.eventId, entry.kiosk, entry.member ?? '', entry.transfer ?? '', entry.meeting ?? '']).filter(Boolean),
      bundle.checkpoint.split('\n')[0]!,
    ];
    expect(englishWordsIn(report, machineParts), report).toEqual([]);
    // The same report in English says it with words (the check above can fail).
    const english = await runVerify(['--lang', 'en', path]);
    expect(englishWordsIn(`${english.stdout}\n${english.stderr}`, machineParts).length).toBeGreaterThan(20);
  });

  it('when one byte of the checkpoint changes, its signature fails and no event’s inclusion can be proven: exit 2', async () => {
    const lines = bundle.checkpoint.split('\n');
    lines[2] = swapChar(lines[2]!, 10);
    const run = await runVerify(['--lang', 'en', write('tampered-checkpoint', tampered((copy) => void (copy.checkpoint = lines.join('\n'))))]);
    expect(run.code, run.stdout).toBe(2);
    expect(run.stdout).toMatch(/^FAIL checkpoint signature: ERR_NOTE_/m);
    for (const n of [1, 2, 3]) expect(eventLines(run.stdout, n).join('\n')).toContain('log inclusion: no-checkpoint');
  });

  it('when the manifest claims what the signed event does not say, it is named; a file that is not a bundle exits 2, a missing one 1', async () => {
    const claimed = tampered((copy) => void (copy.manifest.entries[0]!.org = 'A2'));
    const run = await runVerify(['--lang', 'en', write('manifest', claimed)]);
    expect(run.code).toBe(2);
    expect(eventLines(run.stdout, 1).join('\n')).toContain('manifest: mismatch');
    const broken = await runVerify(['--lang', 'en', write('not-json', '{"format": "member-card-bundle/1",')]);
    expect(broken.code).toBe(2);
    expect(broken.stdout).toContain('FAIL bundle format: ERR_BUNDLE_MALFORMED');
    expect((await runVerify(['--lang', 'en', join(dir, 'absent.json')])).code).toBe(1);
  });

  it('limits a bundle to what the caller may see of the member’s history', async () => {
    const auditorB = await userToken(t, 'auditor', 'B');
    const seen = expectOk(await t.call('GET', `/api/v1/members/${member.member.memberNumber}/bundle`, { token: auditorB }), 200, BundleSchema);
    // B's auditor sees the member's time in B1: the check-in there and the letter from B1, not A1's meeting.
    expect(seen.manifest.entries.map((entry) => [entry.type, entry.org])).toEqual([
      ['checkin', 'B1'],
      ['transfer.accept', 'A1'],
    ]);
    expectError(await t.call('GET', `/api/v1/members/${member.member.memberNumber}/bundle`, { token: await userToken(t, 'auditor', 'A2') }), 403, 'ERR_OUT_OF_SCOPE');
    const orgBundle = expectOk(await t.call('GET', '/api/v1/orgs/A1/bundle?from=2000-01-01', { token: await t.adminToken() }), 200, BundleSchema);
    expect(orgBundle.manifest.entries.map((entry) => entry.type)).toEqual(['transfer.accept', 'checkin']);
    expect(orgBundle.window).toEqual({ from: '2000-01-01', to: null, timeZone: 'Asia/Shanghai' });
    const run = await runVerify(['--lang', 'en', write('org', orgBundle)]);
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toContain('organisation A1 (');
    expect(run.stdout).toContain(`2000-01-01 to ${t.dayOf(new Date(orgBundle.createdAt))}, the day it was made (days in Asia/Shanghai), 2 events`);
  });

  it('verifies a bundle that does not name its zone, reading its days as UTC days', async () => {
    const { timeZone: _zone, ...window } = bundle.window;
    const run = await runVerify(['--lang', 'en', write('no-zone', { ...bundle, window })]);
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toContain(`every day to ${bundle.createdAt.slice(0, 10)}, the day it was made (days in UTC), 3 events`);
  });
});
