import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ReferenceApplet } from '../../card-firmware-spec/reference/applet.ts';
import { INS } from '../../shared/card/constants.ts';
import { PcscReaders, type PcscCardTransport } from '../../shared/card/pcsc-transport.node.ts';
import { provePresence, readCard } from '../../shared/card/tap.ts';
import { generateIssuerKey, type IssuerKeyFile } from '../../shared/issuance/issuer-key.ts';
import { verifyCardEvidence } from '../../shared/verify/card-evidence.ts';
import { IssuerTrust } from '../../shared/verify/issuer-trust.ts';
import { VIRTUAL_READERS, VpcdCard, type VirtualChip, type VpcdCardOptions } from '../../scripts/lib/vpcd-card.ts';
import { issueMemoryCard } from '../support/issued-card.ts';
import { UNCONNECTABLE_ATR } from './support/unconnectable-card.ts';
import { until } from './support/until.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const READER = VIRTUAL_READERS;
const facts = { purpose: 'checkin', kioskKid: 'e2e-kiosk', subjectId: 'meeting-e2e', at: '2026-11-26T10:00:00+08:00' };

let work: string;
let issuer: IssuerKeyFile;
let trust: IssuerTrust;
let readers: PcscReaders;
const cards: VpcdCard[] = [];
const seen: PcscCardTransport[] = [];

async function serve(chip: VirtualChip, reader = 0, options: Omit<VpcdCardOptions, 'reader'> = {}): Promise<VpcdCard> {
  const card = new VpcdCard(chip, { reader, ...options });
  cards.push(card);
  await card.insert();
  return card;
}

/** The issuance CLI, exactly as an operator runs it. */
async function issueWithCli(reader: string, waitSeconds = 5): Promise<{ code: number; out: string }> {
  const args = ['--import', 'tsx', join(ROOT, 'scripts/issue-card.ts'),
    '--member', '3301020001', '--name', '张伟', '--id-number', '11010519491231002X',
    '--issuer-key', join(work, 'issuer.key.json'), '--id-key', join(work, 'id.key'), '--reader', reader, '--wait', String(waitSeconds)];
  try {
    const { stdout, stderr } = await run(process.execPath, args, { cwd: ROOT });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: failed.stdout + failed.stderr };
  }
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'mic-e2e-issue-'));
  issuer = await generateIssuerKey('county-od');
  trust = new IssuerTrust({ keys: [issuer.publicJwk] });
  writeFileSync(join(work, 'issuer.key.json'), JSON.stringify(issuer));
  writeFileSync(join(work, 'id.key'), randomBytes(32).toString('hex'));
  readers = await PcscReaders.start();
  readers.onCard((transport) => seen.push(transport));
});

afterEach(async () => {
  await Promise.all(cards.splice(0).map((card) => card.remove()));
  // pcscd notices a lift at its next poll; the next test must not be handed this test's card.
  await Promise.all(seen.splice(0).map((transport) => transport.removed));
});

afterAll(async () => {
  // Made first in beforeAll, and no card command runs after the tests: it goes even if the readers never started.
  rmSync(work, { recursive: true, force: true });
  await readers.close();
});

/** The error a promise rejects with; fails the test when it resolves. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a rejection'),
    (error: unknown) => error,
  );
}

/**
 * Lifts the card and waits until this process's readers have seen the reader empty, so a later wait is not
 * answered with the card that was there: a wait then ends in "no card" rather than "cannot connect".
 */
async function lift(card: VpcdCard, reader: string): Promise<void> {
  await card.remove();
  const outcome = async (): Promise<unknown> => readers.waitForCard(reader, 1).then(() => 'a card', (error: unknown) => (error as { code?: unknown }).code);
  await until(async () => (await outcome()) === 'ERR_NO_CARD', 5000, () => `${reader} seen empty`);
}

describe('a member card over pcscd + vpcd + nfc-pcsc', () => {
  it('when a blank card is issued with the CLI and then tapped, then its presence verifies offline', async () => {
    const applet = ReferenceApplet.blank(randomBytes(8));
    await serve(applet, 0);
    const issued = await issueWithCli(READER[0]);
    expect(issued.out).toContain('Issued card');
    expect(issued.code).toBe(0);
    expect(applet.save().lifecycle).toBe('active');

    const tap = await provePresence(await readers.waitForCard(READER[0], 5000), facts);
    const verified = await verifyCardEvidence(tap.evidence, facts, trust);
    expect(verified.credential.claims).toMatchObject({ sub: '3301020001', name: '张伟', csn: applet.save().csn });
    expect(verified.counter).toBe(1);
  });

  it('when an issued card is offered to the CLI again, then it refuses and says the card is locked', async () => {
    const applet = ReferenceApplet.blank(randomBytes(8));
    await serve(applet, 0);
    expect((await issueWithCli(READER[0])).code).toBe(0);
    const again = await issueWithCli(READER[0]);
    expect(again.code).toBe(1);
    expect(again.out).toContain('ERR_CARD_LOCKED');
    expect(again.out).toContain('already issued');
  });

  it('when the card holds another application, then the CLI says so', async () => {
    await serve({ process: () => Uint8Array.of(0x6a, 0x82), reset: () => {} }, 1);
    const result = await issueWithCli(READER[1]);
    expect(result.code).toBe(1);
    expect(result.out).toContain('ERR_APPLET_NOT_FOUND');
  });

  it('when no card is on the reader, then the CLI says to place one', async () => {
    const result = await issueWithCli(READER[1]);
    expect(result.code).toBe(1);
    expect(result.out).toContain('ERR_NO_CARD');
  });

  it('when the card is lifted during INTERNAL AUTHENTICATE, then the tap fails with ERR_CARD_REMOVED and yields no presence', async () => {
    const source = await issueMemoryCard({ issuer });
    await serve(source.applet, 0, { afterCommand: (command) => (command[1] === INS.internalAuthenticate ? 'lift' : undefined) });
    const transport = await readers.waitForCard(READER[0], 5000);
    await expect(provePresence(transport, facts)).rejects.toMatchObject({ code: 'ERR_CARD_REMOVED' });
  });

  it('when two cards lie on two readers at once, then each tap is proved by its own card', async () => {
    const [a, b] = await Promise.all([1, 2].map(() => issueMemoryCard({ issuer })));
    await serve(a!.applet, 0);
    await serve(b!.applet, 1);
    const [onA, onB] = await Promise.all(READER.map((name) => readers.waitForCard(name, 5000)));
    const [tapA, tapB] = await Promise.all([provePresence(onA!, facts), provePresence(onB!, facts)]);
    expect(tapA.info.serial).toBe(a!.applet.save().csn);
    expect(tapB.info.serial).toBe(b!.applet.save().csn);
    await expect(verifyCardEvidence(tapA.evidence, facts, trust)).resolves.toBeDefined();
    await expect(verifyCardEvidence(tapB.evidence, facts, trust)).resolves.toBeDefined();
    expect((await readCard(onA!)).credential).not.toBe((await readCard(onB!)).credential);
  });
  it('when the card laid on the reader cannot be connected, then waitForCard fails at once, saying to place it again, and keeps failing so while the card lies there', async () => {
    const waiting = rejection(readers.waitForCard(READER[0], 20_000));
    const laidAt = Date.now();
    const unconnectable = await serve(ReferenceApplet.blank(randomBytes(8)), 0, { atr: UNCONNECTABLE_ATR });
    const failure = await waiting;
    expect(Date.now() - laidAt).toBeLessThan(5000);
    expect(failure).toMatchObject({ code: 'ERR_CARD_CONNECT_FAILED', details: { reader: READER[0] } });
    expect((failure as Error).message).toContain('take it away and place it again');
    expect((failure as Error).message).toContain('may not be a member card');

    // Still lying there: the next wait fails at once as well, and the other reader is not concerned.
    const again = Date.now();
    expect(await rejection(readers.waitForCard(READER[0], 20_000))).toMatchObject({ code: 'ERR_CARD_CONNECT_FAILED' });
    expect(Date.now() - again).toBeLessThan(1000);
    expect(await rejection(readers.waitForCard(READER[1], 500))).toMatchObject({ code: 'ERR_NO_CARD' });

    // Taken away and a member card placed instead: that card is handed over.
    await lift(unconnectable, READER[0]);
    const applet = ReferenceApplet.blank(randomBytes(8));
    await serve(applet, 0);
    const transport = await readers.waitForCard(READER[0], 5000);
    expect(transport.present).toBe(true);
  });

  it('when the card on the reader cannot be connected, then card:issue stops at once and says to place it again, as it may not be a member card', { timeout: 60_000 }, async () => {
    const unconnectable = await serve(ReferenceApplet.blank(randomBytes(8)), 0, { atr: UNCONNECTABLE_ATR });
    const startedAt = Date.now();
    const result = await issueWithCli(READER[0], 30);
    // Well inside the 30 s the command was told to wait: it gave up on the card, not on the clock.
    expect(Date.now() - startedAt).toBeLessThan(15_000);
    expect(result.code).toBe(1);
    expect(result.out).toContain('ERR_CARD_CONNECT_FAILED');
    expect(result.out).toContain('place it flat on the reader again');
    expect(result.out).toContain('not a member card');
    expect(result.out).not.toContain('Card found');
    await lift(unconnectable, READER[0]);
  });
});
