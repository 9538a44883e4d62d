import { describe, expect, it, onTestFinished } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, verify as nodeVerify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReferenceApplet } from '../../card-firmware-spec/reference/applet.ts';
import { p1363ToDer } from '../../card-firmware-spec/reference/der-signature.ts';
import { fromHex, hex } from '../../shared/bytes.ts';
import { presenceChallenge, presenceMessage } from '../../shared/card/challenge.ts';
import { residentIdHash } from '../../shared/issuance/id-hash.ts';
import { verifyCardEvidence } from '../../shared/verify/card-evidence.ts';
import { verifyCredential } from '../../shared/verify/credential.ts';
import { IssuerTrust } from '../../shared/verify/issuer-trust.ts';

const dir = join(import.meta.dirname, '..', '..', 'card-firmware-spec', 'test-vectors');
const load = (name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8'));
const keys = load('keys.json');
const credential = load('credential.json');
const challenges = load('challenges.json');
const signatures = load('signatures.json');

interface Exchange { step: string; command: string; response: string }

const cardKey = () => ({
  privateKey: createPrivateKey({ key: keys.card.privateJwk, format: 'jwk' }),
  publicKey: fromHex(keys.card.publicPoint),
});

const cardPublicKey = createPublicKey({ key: keys.card.publicJwk, format: 'jwk' });

/** Replays a transcript: byte-exact answers, except INTERNAL AUTHENTICATE, whose signature must verify. */
function replay(applet: ReferenceApplet, exchanges: Exchange[]): number {
  let checkedSignatures = 0;
  for (const exchange of exchanges) {
    const answer = applet.process(fromHex(exchange.command));
    if (exchange.step === 'INTERNAL AUTHENTICATE') {
      expect(hex(answer.slice(0, 4))).toBe(exchange.response.slice(0, 8));
      expect(hex(answer.slice(-2))).toBe('9000');
      const message = presenceMessage(fromHex(keys.card.csn), new DataView(answer.buffer).getUint32(0), fromHex(exchange.command.slice(10, 74)));
      expect(nodeVerify('sha256', message, { key: cardPublicKey, dsaEncoding: 'ieee-p1363' }, answer.slice(4, 68))).toBe(true);
      checkedSignatures++;
    } else {
      expect(`${exchange.step}: ${hex(answer)}`).toBe(`${exchange.step}: ${exchange.response}`);
    }
  }
  return checkedSignatures;
}

describe('card-firmware-spec/test-vectors', () => {
  it('when the challenges are recomputed from their facts, then every one matches byte for byte', async () => {
    for (const vector of challenges.vectors) {
      expect(vector.preimage).toBe(['MIC-TAP-1', vector.facts.purpose, vector.facts.kioskKid, vector.facts.subjectId, vector.facts.at, vector.facts.nonce].join('\n'));
      expect(hex(await presenceChallenge(vector.facts))).toBe(vector.challenge);
    }
    expect(challenges.vectors.length).toBeGreaterThanOrEqual(3);
  });

  it('when Node crypto checks the signature vectors, then the valid ones verify and the altered ones do not', () => {
    for (const vector of signatures.vectors) {
      const message = fromHex(vector.message);
      expect(hex(message.slice(0, 4))).toBe('4d494331');
      expect(message.length).toBe(48);
      const ok = nodeVerify('sha256', message, { key: cardPublicKey, dsaEncoding: 'ieee-p1363' }, fromHex(vector.signatureP1363));
      expect({ note: vector.note, ok }).toEqual({ note: vector.note, ok: vector.valid });
      expect(vector.signatureDer).toBe(hex(p1363ToDer(fromHex(vector.signatureP1363))));
    }
  });

  it('when OpenSSL checks a signature vector with its DER form, then it says Verified OK', () => {
    const work = mkdtempSync(join(tmpdir(), 'mic-openssl-'));
    onTestFinished(() => rmSync(work, { recursive: true, force: true }));
    const [good, , , bad] = signatures.vectors;
    writeFileSync(join(work, 'card.pem'), signatures.publicKeySpkiPem);
    const check = (vector: { message: string; signatureDer: string }): string => {
      writeFileSync(join(work, 'msg.bin'), fromHex(vector.message));
      writeFileSync(join(work, 'sig.der'), fromHex(vector.signatureDer));
      try {
        return execFileSync('openssl', ['dgst', '-sha256', '-verify', join(work, 'card.pem'), '-signature', join(work, 'sig.der'), join(work, 'msg.bin')], { encoding: 'utf8' }).trim();
      } catch (error) {
        return String((error as { stdout?: string }).stdout ?? error).trim();
      }
    };
    expect(check(good)).toBe('Verified OK');
    expect(check(bad)).toBe('Verification failure');
  });

  it('when the credential vector is verified against the issuer key, then its claims match the vector', async () => {
    const trust = new IssuerTrust({ keys: [keys.issuer.publicJwk] });
    const verified = await verifyCredential(credential.jwt, trust, { now: new Date(credential.verifyAt) });
    expect(verified.claims).toEqual(credential.claims);
    expect(verified.claims.cnf.jwk).toEqual(keys.card.publicJwk);
    expect(verified.claims.csn).toBe(keys.card.csn);
    expect(await residentIdHash(keys.residentId.number, fromHex(keys.residentId.hmacKey))).toBe(keys.residentId.idh);
    const [h, p, s] = credential.jwt.split('.');
    const issuerKey = createPublicKey({ key: keys.issuer.publicJwk, format: 'jwk' });
    expect(nodeVerify('sha256', Buffer.from(`${h}.${p}`), { key: issuerKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(s, 'base64url'))).toBe(true);
  });

  it('when a blank card with the fixed key replays both transcripts, then every answer matches', async () => {
    const personalisation = load('transcript-personalisation.json');
    const tap = load('transcript-tap.json');
    const applet = ReferenceApplet.blank(fromHex(personalisation.initialState.csn), cardKey);
    expect(replay(applet, personalisation.exchanges)).toBe(0);
    expect(applet.save().lifecycle).toBe('active');
    expect(replay(applet, tap.exchanges)).toBe(1);
    const trust = new IssuerTrust({ keys: [keys.issuer.publicJwk] });
    const { nonce, ...facts } = tap.facts;
    expect(nonce).toBe(tap.evidence.nonce);
    const verified = await verifyCardEvidence(tap.evidence, facts, trust, { now: new Date(credential.verifyAt) });
    expect(hex(verified.challenge)).toBe(tap.challenge);
  });
});
