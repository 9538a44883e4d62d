import { describe, expect, it } from 'vitest';
import { MicError } from '../../shared/errors.ts';
import { CardClient } from '../../shared/card/client.ts';
import { MemoryTransport } from '../../shared/card/memory-transport.ts';
import { provePresence, readCard } from '../../shared/card/tap.ts';
import { issueMemoryCard } from '../support/issued-card.ts';
import { randomBytesFrom, seededRandom } from '../../scripts/lib/prng.ts';

const facts = { purpose: 'checkin', kioskKid: 'k', subjectId: 'm', at: '2026-11-26T09:00:00+08:00' };
const SEED = Number(process.env.FUZZ_SEED ?? 20261126);

async function outcome(run: () => Promise<unknown>): Promise<'ok' | string> {
  try {
    await run();
    return 'ok';
  } catch (error) {
    if (error instanceof MicError) return error.code;
    throw new Error(`untyped error (seed ${SEED}): ${String(error)}`, { cause: error });
  }
}

describe('card client under hostile or broken cards', () => {
  it('when every answer is random bytes, then each operation ends in a typed error (never an untyped throw)', async () => {
    const random = seededRandom(SEED);
    const card = new MemoryTransport({ process: () => randomBytesFrom(random, Math.floor(random() * 80)) });
    const codes = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const client = new CardClient(card);
      const operations = [() => client.select(), () => readCard(card), () => client.authenticate(new Uint8Array(32))];
      codes.add(await outcome(operations[i % 3]!));
    }
    expect(codes.has('ok')).toBe(false);
    expect([...codes].every((code) => code.startsWith('ERR_'))).toBe(true);
  });

  it('when real answers are truncated or bit-flipped, then a tap either succeeds honestly or fails with a typed error', async () => {
    const random = seededRandom(SEED + 1);
    const issued = await issueMemoryCard();
    let mutated = 0;
    const card = new MemoryTransport({
      process: (apdu) => {
        const answer = issued.applet.process(apdu);
        if (random() < 0.7) return answer;
        mutated++;
        if (random() < 0.5) return answer.slice(0, Math.floor(random() * answer.length));
        const copy = answer.slice();
        const at = Math.floor(random() * copy.length);
        copy[at]! ^= 1 << Math.floor(random() * 8);
        return copy;
      },
    });
    const results: string[] = [];
    for (let i = 0; i < 400; i++) results.push(await outcome(() => provePresence(card, facts)));
    expect(mutated).toBeGreaterThan(100);
    expect(results.filter((r) => r !== 'ok').length).toBeGreaterThan(0);
    expect(results.every((r) => r === 'ok' || r.startsWith('ERR_'))).toBe(true);
  });
});
