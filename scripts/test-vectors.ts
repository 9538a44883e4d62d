/**
 * Writes card-firmware-spec/test-vectors/: fixed keys, a credential, challenges, signatures and APDU
 * transcripts of a whole personalisation and a whole tap, for other implementations to check against.
 * Run once with `npm run card:vectors`; the committed files are what the tests check.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReferenceApplet } from '../card-firmware-spec/reference/applet.ts';
import { p1363ToDer } from '../card-firmware-spec/reference/der-signature.ts';
import { fromBase64url, fromHex, hex } from '../shared/bytes.ts';
import { presenceChallenge, presenceMessage, type TapFacts } from '../shared/card/challenge.ts';
import type { CardTransport } from '../shared/card/transport.ts';
import { provePresence } from '../shared/card/tap.ts';
import { residentIdHash } from '../shared/issuance/id-hash.ts';
import { generateIssuerKey } from '../shared/issuance/issuer-key.ts';
import { personaliseCard } from '../shared/issuance/personalise.ts';

const OUT = join(import.meta.dirname, '..', 'card-firmware-spec', 'test-vectors');
const NOW = new Date('2026-01-01T00:00:00Z');
const CSN = '4d49430000000001';

interface Exchange {
  step: string;
  command: string;
  response: string;
}

/** Records every APDU and answer, naming each by its INS byte. */
function recording(applet: ReferenceApplet, log: Exchange[]): CardTransport {
  const names: Record<number, string> = { 0xa4: 'SELECT', 0xb0: 'READ BINARY', 0xd6: 'UPDATE BINARY', 0x47: 'GENERATE KEY', 0x88: 'INTERNAL AUTHENTICATE', 0x44: 'LOCK (ACTIVATE FILE)' };
  return {
    reader: 'vectors',
    async transmit(apdu) {
      const response = applet.process(apdu);
      log.push({ step: names[apdu[1]!] ?? 'UNKNOWN', command: hex(apdu), response: hex(response) });
      return response;
    },
  };
}

const write = (name: string, value: unknown): void => writeFileSync(join(OUT, name), `${JSON.stringify(value, null, 2)}\n`);

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const issuer = await generateIssuerKey('example-county-od');
  const card = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const cardPoint = new Uint8Array(card.publicKey.export({ format: 'der', type: 'spki' }).subarray(-65));
  const cardKey = { privateKey: createPrivateKey(card.privateKey.export({ format: 'pem', type: 'pkcs8' })), publicKey: cardPoint };
  const idKey = new Uint8Array(32).fill(0x11);
  const idNumber = '11010519491231002X';
  const idh = await residentIdHash(idNumber, idKey);

  const applet = ReferenceApplet.blank(fromHex(CSN), () => cardKey);
  const personalisation: Exchange[] = [];
  const credential = await personaliseCard(recording(applet, personalisation), issuer, {
    member: '3301020001', name: '张伟', idh, validDays: 3650, now: NOW,
  });
  personalisation.push(...[['00440000', 'LOCK again: the card is active'], ['00478000' + '00', 'GENERATE KEY after lock']].map(([command, step]) => ({
    step: step!, command: command!, response: hex(applet.process(fromHex(command!))),
  })));

  write('keys.json', {
    description: 'Fixed keys. Never use these outside tests.',
    issuer: { iss: issuer.iss, kid: issuer.kid, privateJwk: issuer.privateJwk, publicJwk: issuer.publicJwk },
    card: {
      csn: CSN,
      privateJwk: card.privateKey.export({ format: 'jwk' }),
      publicJwk: credential.claims.cnf.jwk,
      publicPoint: hex(cardPoint),
    },
    residentId: { number: idNumber, hmacKey: hex(idKey), idh, rule: 'base64url(HMAC-SHA-256(hmacKey, UTF-8(upper(trim(number)))))' },
  });
  write('credential.json', {
    jwt: credential.jwt,
    header: { alg: 'ES256', typ: 'mic-card+jwt', kid: issuer.kid },
    claims: credential.claims,
    verifyAt: '2026-06-01T00:00:00Z',
    expect: 'valid: the ES256 signature verifies with keys.json issuer.publicJwk; exp is after verifyAt',
  });

  const tapLog: Exchange[] = [];
  const tapFacts = { purpose: 'checkin', kioskKid: 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs', subjectId: '0192f5e2-7a40-7c3e-9d1a-6f0a3b2c1d00', at: '2026-03-08T09:30:00+08:00' };
  const tap = await provePresence(recording(applet, tapLog), tapFacts);

  const challengeFacts: TapFacts[] = [
    tap.facts,
    { purpose: 'transfer.accept', kioskKid: tapFacts.kioskKid, subjectId: 'transfer-42', at: '2026-03-08T10:00:00.123+08:00', nonce: 'AAAAAAAAAAAAAAAAAAAAAA' },
    { purpose: 'checkin', kioskKid: 'k', subjectId: '会议-1', at: '2026-12-31T23:59:59Z', nonce: '_____________________w' },
  ];
  write('challenges.json', {
    rule: 'SHA-256(UTF-8("MIC-TAP-1\\n" + purpose + "\\n" + kioskKid + "\\n" + subjectId + "\\n" + at + "\\n" + nonce))',
    vectors: await Promise.all(challengeFacts.map(async (facts) => ({
      facts,
      preimage: ['MIC-TAP-1', facts.purpose, facts.kioskKid, facts.subjectId, facts.at, facts.nonce].join('\n'),
      challenge: hex(await presenceChallenge(facts)),
    }))),
  });

  const signatures = [];
  for (const [index, facts] of challengeFacts.entries()) {
    const challenge = await presenceChallenge(facts);
    const response = applet.process(fromHex(`0088000020${hex(challenge)}00`));
    const counter = new DataView(response.buffer, response.byteOffset).getUint32(0);
    const signature = response.slice(4, 68);
    signatures.push({
      note: index === 0 ? 'second signature of the card (the tap transcript made the first)' : `signature number ${counter}`,
      csn: CSN, counter, challenge: hex(challenge),
      message: hex(presenceMessage(fromHex(CSN), counter, challenge)),
      signatureP1363: hex(signature), signatureDer: hex(p1363ToDer(signature)),
      publicPoint: hex(cardPoint), valid: true,
    });
  }
  const good = signatures[0]!;
  const flippedMessage = fromHex(good.message);
  flippedMessage[47]! ^= 0x01;
  signatures.push({ ...good, note: 'last challenge bit flipped: must NOT verify', message: hex(flippedMessage), challenge: hex(flippedMessage.slice(16)), valid: false });
  const otherCounter = fromHex(good.message);
  otherCounter[15]! ^= 0x01;
  signatures.push({ ...good, note: 'counter changed: must NOT verify', message: hex(otherCounter), counter: good.counter ^ 1, valid: false });
  write('signatures.json', {
    rule: 'ECDSA P-256 with SHA-256 over message = "MIC1" ‖ csn (8) ‖ counter (4, big-endian) ‖ challenge (32)',
    publicKeySpkiPem: createPublicKey({ key: credential.claims.cnf.jwk, format: 'jwk' }).export({ format: 'pem', type: 'spki' }),
    vectors: signatures,
  });

  write('transcript-personalisation.json', {
    description: 'A blank card (csn, no key) personalised with keys.json; GENERATE KEY yields the fixed card key.',
    initialState: { csn: CSN, lifecycle: 'personalisation', counter: 0 },
    exchanges: personalisation,
  });
  write('transcript-tap.json', {
    description: 'The personalised card tapped once. INTERNAL AUTHENTICATE answers differ run to run (ECDSA is randomised): check the counter and verify the signature.',
    facts: tap.facts,
    challenge: hex(await presenceChallenge(tap.facts)),
    evidence: tap.evidence,
    signatureP1363: hex(fromBase64url(tap.evidence.sig)),
    exchanges: tapLog,
  });
  console.log(`test vectors written to ${OUT}`);
}

await main();
