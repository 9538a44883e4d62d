/**
 * Throws thousands of random and mutated APDUs at the reference applet and checks, after every one, that
 * it answered like a card that follows SPEC.md: no exception, no 6F00, a documented status word, no
 * data with an error, no change to its non-volatile state except the one a 9000 answer allows.
 *
 * The run is driven by a seeded PRNG. A failure names its seed; `APPLET_FUZZ_SEED=<seed>` replays it.
 */
import { randomBytes, sign, verify, createPrivateKey } from 'node:crypto';
import { describe, expect, it, onTestFailed } from 'vitest';
import { ReferenceApplet } from '../../card-firmware-spec/reference/applet.ts';
import { CardStateSchema, type CardState } from '../../card-firmware-spec/reference/card-state.ts';
import {
  CSN_HEX, GENERATE_KEY, LOCK, READ_PUBLIC_KEY, SELECT, ascii, blankSelectedCard, bytes, fciFields,
  internalAuthenticate, personalisedCard, presenceAnswer, publicKeyObject, publicPointFrom, readBinary,
  readWholeCredential, send, signatureVerifies, swOf, toHex, updateBinary, writeCredential,
} from './applet/fixtures.ts';

const SEED = process.env.APPLET_FUZZ_SEED === undefined ? 0x4d494331 : Number(process.env.APPLET_FUZZ_SEED);
const APDUS_PER_CARD = 6000;
const csn = bytes(CSN_HEX);

/** Every status word SPEC.md lets the applet answer; 6Cxx is checked apart. */
const DOCUMENTED_SW = new Set([
  '9000', '6700', '6982', '6983', '6985', '6A80', '6A82', '6A84', '6A86', '6A88', '6B00', '6D00', '6E00',
]);

/** mulberry32: small, fast, and the same sequence on every machine for one seed. */
class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  uint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** 0 ≤ n < bound */
  below(bound: number): number {
    return this.uint32() % bound;
  }

  chance(probability: number): boolean {
    return this.uint32() / 0x1_0000_0000 < probability;
  }

  byte(): number {
    return this.below(256);
  }

  bytes(length: number): Uint8Array {
    return Uint8Array.from({ length }, () => this.byte());
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)]!;
  }
}

const JWS_ALPHABET = ascii('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.');
const KNOWN_INS = [0xa4, 0xb0, 0xd6, 0x47, 0x88, 0x44, 0xc0, 0xca];

/** Well-formed commands of every kind, with random but plausible parameters: the seeds of the mutations. */
function validCommand(random: Random, credentialLength: number, includeLock: boolean): Uint8Array {
  const kinds = [
    (): string => SELECT,
    (): string => readBinary(random.below(credentialLength + 2), random.chance(0.5) ? 0 : random.below(256)),
    (): string => `00 B0 81 ${toHex(Uint8Array.of(random.byte()))} 00`,
    (): string => {
      const data = Uint8Array.from({ length: 1 + random.below(255) }, () => random.pick([...JWS_ALPHABET]));
      return updateBinary(random.chance(0.5) ? 0 : credentialLength, data);
    },
    (): string => GENERATE_KEY,
    (): string => READ_PUBLIC_KEY,
    (): string => internalAuthenticate(random.bytes(32)),
    (): string => internalAuthenticate(random.bytes(32), '44'),
    (): string => '00 C0 00 00 00',
    ...(includeLock ? [(): string => LOCK] : []),
  ];
  return bytes(random.pick(kinds)());
}

/** One hostile APDU: random bytes, or a valid command mutated in one of the ways a bad reader or attacker would. */
function hostileApdu(random: Random, valid: Uint8Array): Uint8Array {
  switch (random.below(8)) {
    case 0:
      return random.bytes(random.below(301));
    case 1: {
      const flipped = valid.slice();
      for (let flips = 1 + random.below(4); flips > 0 && flipped.length > 0; flips--) {
        const at = random.below(flipped.length);
        flipped[at] = flipped[at]! ^ (1 << random.below(8));
      }
      return flipped;
    }
    case 2:
      return valid.slice(0, random.below(valid.length + 1));
    case 3:
      return Uint8Array.from([...valid, ...random.bytes(1 + random.below(8))]);
    case 4: {
      const replaced = valid.slice();
      if (replaced.length > 0) replaced[random.below(replaced.length)] = random.byte();
      return replaced;
    }
    case 5: {
      // Random header, random shape: case 1, 2, 3 or 4.
      const cla = random.chance(0.7) ? 0x00 : random.byte();
      const ins = random.chance(0.7) ? random.pick(KNOWN_INS) : random.byte();
      const header = [cla, ins, random.byte(), random.byte()];
      const data = random.bytes(1 + random.below(255));
      const shape = random.below(4);
      if (shape === 0) return Uint8Array.from(header);
      if (shape === 1) return Uint8Array.from([...header, random.byte()]);
      if (shape === 2) return Uint8Array.from([...header, data.length, ...data]);
      return Uint8Array.from([...header, data.length, ...data, random.byte()]);
    }
    case 6: {
      // The right header and data, a wrong Lc.
      if (valid.length <= 5) return Uint8Array.from([...valid.slice(0, 4), random.byte(), ...random.bytes(random.below(40))]);
      const mutated = valid.slice();
      mutated[4] = random.byte();
      return mutated;
    }
    default: {
      // The right header, a random or extended-length Le.
      const header = [...valid.slice(0, 4)];
      if (random.chance(0.3)) return Uint8Array.from([...header, 0x00, random.byte(), random.byte()]);
      const body = valid.length > 5 && valid[4]! + 5 <= valid.length ? [...valid.slice(4, 5 + valid[4]!)] : [];
      return Uint8Array.from([...header, ...body, random.byte()]);
    }
  }
}

const snapshot = (card: ReferenceApplet): CardState => card.save();
const credentialIsWellFormed = (credential: string): boolean =>
  credential.length <= 2048 && /^[A-Za-z0-9_.-]*$/.test(credential);

interface StepRecord {
  apdu: Uint8Array;
  response: Uint8Array;
  before: CardState;
  after: CardState;
}

/** What any one exchange may do to the card; returns a description of the violation, or undefined. */
function violation({ apdu, response, before, after }: StepRecord): string | undefined {
  if (response.length < 2) return 'the answer has no status word';
  const sw = swOf(response);
  if (sw === '6F00') return 'the card answered 6F00';
  const wrongLe = sw.startsWith('6C') && sw !== '6C00';
  if (!DOCUMENTED_SW.has(sw) && !wrongLe) return `status word ${sw} is not in SPEC.md`;
  if (sw !== '9000' && response.length !== 2) return `an error (${sw}) came with data`;
  if (!CardStateSchema.safeParse(after).success) return 'the saved state no longer parses';
  if (!credentialIsWellFormed(after.credential)) return 'the credential left the JWS alphabet or the 2048-byte capacity';

  const ins = apdu[1];
  const changed = JSON.stringify(before) !== JSON.stringify(after);
  if (!changed) return undefined;
  if (sw !== '9000') return `the state changed on a ${sw} answer`;
  const same = (...keys: (keyof CardState)[]): boolean => keys.every((key) => before[key] === after[key]);

  if (ins === 0x88) {
    if (before.lifecycle !== 'active') return 'a card in personalisation signed';
    if (after.counter !== before.counter + 1 || !same('privateKey', 'publicKey', 'credential', 'lifecycle', 'csn')) {
      return 'INTERNAL AUTHENTICATE changed more than the counter, or not by one';
    }
    return undefined;
  }
  if (before.lifecycle === 'active') return `an active card changed state on INS ${toHex(Uint8Array.of(ins ?? 0))}`;
  if (ins === 0xd6) {
    const data = Buffer.from(apdu.subarray(5, 5 + apdu[4]!)).toString('latin1');
    const appended = after.credential === before.credential + data || after.credential === data;
    return appended && same('privateKey', 'publicKey', 'counter', 'lifecycle') ? undefined : 'UPDATE BINARY wrote something else';
  }
  if (ins === 0x47) {
    return after.credential === '' && after.publicKey !== before.publicKey && same('counter', 'lifecycle')
      ? undefined
      : 'GENERATE changed something besides the key and the credential';
  }
  if (ins === 0x44) {
    return after.lifecycle === 'active' && before.publicKey !== undefined && before.credential !== '' &&
      same('privateKey', 'publicKey', 'credential', 'counter')
      ? undefined
      : 'ACTIVATE changed something besides the lifecycle';
  }
  return `INS ${toHex(Uint8Array.of(ins ?? 0))} changed the state`;
}

interface FuzzResult {
  apdusSent: number;
  signaturesIssued: number;
  statusWords: Map<string, number>;
}

/**
 * Sends `count` hostile APDUs, re-selecting now and then so they reach the command handlers and not
 * only the "not selected" check. Every answer is checked; a 9000 to INTERNAL AUTHENTICATE must verify.
 */
function fuzz(card: ReferenceApplet, random: Random, count: number, options: { includeLock: boolean }): FuzzResult {
  const result: FuzzResult = { apdusSent: 0, signaturesIssued: 0, statusWords: new Map() };
  let state = snapshot(card);

  const exchange = (apdu: Uint8Array, step: string): void => {
    let response: Uint8Array;
    try {
      response = card.process(apdu);
    } catch (error) {
      throw new Error(`seed ${SEED}, ${step}: process threw on ${toHex(apdu)}`, { cause: error });
    }
    const after = snapshot(card);
    const problem = violation({ apdu, response, before: state, after });
    expect(problem, `seed ${SEED}, ${step}: ${toHex(apdu)} → ${toHex(response)}`).toBeUndefined();
    const sw = swOf(response);
    result.statusWords.set(sw, (result.statusWords.get(sw) ?? 0) + 1);
    if (apdu[1] === 0x88 && sw === '9000') {
      const { counter, signature } = presenceAnswer(response);
      expect(counter, `seed ${SEED}, ${step}: counter`).toBe(state.counter + 1);
      const signedBy = fromHexString(state.publicKey);
      expect(signatureVerifies(signedBy, csn, counter, apdu.subarray(5, 37), signature), `seed ${SEED}, ${step}: signature`)
        .toBe(true);
      result.signaturesIssued++;
    }
    state = after;
  };

  for (let i = 0; i < count; i++) {
    if (random.chance(0.01)) card.reset();
    if (random.chance(0.2)) exchange(bytes(SELECT), `step ${i} (re-select)`);
    const valid = validCommand(random, state.credential.length, options.includeLock);
    exchange(hostileApdu(random, valid), `step ${i}`);
    result.apdusSent++;
  }
  return result;
}

function fromHexString(text: string | undefined): Uint8Array {
  if (text === undefined) throw new Error('a card signed without a public key');
  return bytes(text);
}

/** SELECT, then one tap with a fresh challenge: it must verify under `publicKey` with the next counter. */
function expectFreshTapVerifies(card: ReferenceApplet, publicKey: Uint8Array): void {
  expect(swOf(send(card, SELECT))).toBe('9000');
  const counterBefore = card.save().counter;
  const challenge = new Uint8Array(randomBytes(32));
  const { counter, signature } = presenceAnswer(send(card, internalAuthenticate(challenge)));
  expect(counter).toBe(counterBefore + 1);
  expect(signatureVerifies(publicKey, csn, counter, challenge, signature)).toBe(true);
}

describe('fuzzing the applet with hostile APDUs', () => {
  it(`when an active card receives ${APDUS_PER_CARD} random and mutated APDUs, it answers each by SPEC.md and its state survives`, () => {
    onTestFailed(() => console.error(`applet fuzz failed: rerun with APPLET_FUZZ_SEED=${SEED}`));
    const { card, publicKey, credential } = personalisedCard();
    const initial = card.save();

    const result = fuzz(card, new Random(SEED), APDUS_PER_CARD, { includeLock: true });

    const final = card.save();
    expect(() => CardStateSchema.parse(final)).not.toThrow();
    expect(final.lifecycle).toBe('active');
    expect(final.credential).toBe(credential);
    expect(final.publicKey).toBe(initial.publicKey);
    expect(final.privateKey).toBe(initial.privateKey);
    expect(final.counter).toBe(initial.counter + result.signaturesIssued);
    // The run must have reached the handlers, not just the dispatcher.
    expect(result.signaturesIssued).toBeGreaterThan(10);
    for (const sw of ['9000', '6700', '6985', '6A86', '6B00', '6D00', '6E00']) expect(result.statusWords.get(sw) ?? 0).toBeGreaterThan(0);

    expectFreshTapVerifies(card, publicKey);
    const reloaded = ReferenceApplet.load(JSON.parse(JSON.stringify(card.save())));
    send(reloaded, SELECT);
    expect(readWholeCredential(reloaded)).toBe(credential);
    expectFreshTapVerifies(reloaded, publicKey);
  });

  it(`when a card in personalisation receives ${APDUS_PER_CARD} random and mutated APDUs, it answers each by SPEC.md and can still be issued`, () => {
    onTestFailed(() => console.error(`applet fuzz failed: rerun with APPLET_FUZZ_SEED=${SEED}`));
    const card = blankSelectedCard();
    send(card, GENERATE_KEY);
    writeCredential(card, 'eyJhbGciOiJFUzI1NiJ9.e30.c2ln');

    const result = fuzz(card, new Random(SEED + 1), APDUS_PER_CARD, { includeLock: false });

    const final = card.save();
    expect(() => CardStateSchema.parse(final)).not.toThrow();
    expect(credentialIsWellFormed(final.credential)).toBe(true);
    expect(final.counter).toBe(result.signaturesIssued);
    for (const sw of ['9000', '6700', '6982', '6A80', '6A86', '6B00']) expect(result.statusWords.get(sw) ?? 0).toBeGreaterThan(0);

    // What SELECT reports is what the card holds.
    const fields = fciFields(send(card, SELECT));
    expect(fields.C2).toBe(final.lifecycle === 'active' ? '05' : '03');
    expect(parseInt(fields.C4 ?? '', 16)).toBe(final.credential.length);
    expect(fields.C5).toBe(final.publicKey === undefined ? '00' : '01');

    // The private and public halves still belong together.
    if (final.privateKey !== undefined && final.publicKey !== undefined) {
      const privateKey = createPrivateKey({ key: Buffer.from(final.privateKey, 'base64'), format: 'der', type: 'pkcs8' });
      const probe = randomBytes(16);
      const probeSignature = sign('sha256', probe, privateKey);
      expect(verify('sha256', probe, publicKeyObject(bytes(final.publicKey)), probeSignature)).toBe(true);
    }

    // Finish issuing the card the ordinary way; the first tap must verify.
    if (final.lifecycle === 'personalisation') {
      const publicKey = final.publicKey === undefined ? publicPointFrom(send(card, GENERATE_KEY)) : bytes(final.publicKey);
      expect(writeCredential(card, 'eyJ0eXAiOiJtaWMtY2FyZCtqd3QifQ.e30.c2ln').every((sw) => sw === '9000')).toBe(true);
      expect(toHex(send(card, LOCK))).toBe('9000');
      expectFreshTapVerifies(card, publicKey);
    } else {
      expectFreshTapVerifies(card, bytes(final.publicKey ?? ''));
    }
  });

  it('when the same seed is replayed, the fuzzer sends the same APDUs (so a failure reproduces)', () => {
    const sequence = (seed: number): string[] => {
      const random = new Random(seed);
      return Array.from({ length: 50 }, () => toHex(hostileApdu(random, validCommand(random, 100, true))));
    };
    expect(sequence(SEED)).toEqual(sequence(SEED));
    expect(sequence(SEED)).not.toEqual(sequence(SEED + 1));
  });
});
