import { describe, expect, it } from 'vitest';
import { lockedWriter, WriteLock } from '../../server/store/sqlite/write-lock.ts';

/** A promise the test settles by hand, to hold a turn open for as long as it likes. */
function gate(): { opened: Promise<void>; open(): void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

const eventLoopTurns = async (count: number): Promise<void> => {
  for (let i = 0; i < count; i += 1) await new Promise((resolve) => setImmediate(resolve));
};

describe('the write lock', () => {
  it('when it is free, the work starts in the same call, before the caller awaits anything', () => {
    const lock = new WriteLock();
    let started = false;
    const done = lock.run(async () => {
      started = true;
    });
    expect(started).toBe(true);
    return done;
  });

  it('runs turns one at a time, in the order they were asked for, each waiting for the one before to end', async () => {
    const lock = new WriteLock();
    const log: string[] = [];
    const first = gate();
    const turn = (name: string, held?: Promise<void>) =>
      lock.run(async () => {
        log.push(`${name} starts`);
        await held;
        await eventLoopTurns(2);
        log.push(`${name} ends`);
        return name;
      });
    const turns = [turn('A', first.opened), turn('B'), turn('C'), turn('D')];
    await eventLoopTurns(5);
    expect(log).toEqual(['A starts']);
    first.open();
    expect(await Promise.all(turns)).toEqual(['A', 'B', 'C', 'D']);
    expect(log).toEqual(['A starts', 'A ends', 'B starts', 'B ends', 'C starts', 'C ends', 'D starts', 'D ends']);
  });

  it('a turn that throws ends: its caller gets the error and the next turn runs', async () => {
    const lock = new WriteLock();
    const failing = lock.run(async () => {
      await eventLoopTurns(1);
      throw new Error('the work failed');
    });
    const thrownAtOnce = lock.run(() => {
      throw new Error('failed before any await');
    });
    const next = lock.run(async () => 'ran');
    await expect(failing).rejects.toThrow('the work failed');
    await expect(thrownAtOnce).rejects.toThrow('failed before any await');
    expect(await next).toBe('ran');
    // And the lock is free again: the next work starts at once.
    let started = false;
    const later = lock.run(async () => {
      started = true;
    });
    expect(started).toBe(true);
    await later;
  });
});

/** A writer as the store has them: async methods only, its state its own. */
class CountingWriter {
  private total = 0;

  async add(amount: number): Promise<number> {
    this.total += amount;
    return this.total;
  }

  /** calls another of its own methods, as a writer's method may */
  async addTwice(amount: number): Promise<number> {
    await this.add(amount);
    return this.add(amount);
  }
}

describe('a writer under the lock', () => {
  it('waits for the turn a transaction holds, then runs', async () => {
    const lock = new WriteLock();
    const writer = lockedWriter(lock, new CountingWriter());
    const transaction = gate();
    const held = lock.run(() => transaction.opened);
    let answered = false;
    const call = writer.add(5).then((total) => {
      answered = true;
      return total;
    });
    await eventLoopTurns(5);
    expect(answered).toBe(false);
    transaction.open();
    await held;
    expect(await call).toBe(5);
    // Free again: the next call is not held up.
    expect(await writer.add(1)).toBe(6);
  });

  it('a method calling another method of the same writer does not wait for its own turn', async () => {
    const writer = lockedWriter(new WriteLock(), new CountingWriter());
    const outcome = await Promise.race([writer.addTwice(3), eventLoopTurns(20).then(() => 'stuck')]);
    expect(outcome).toBe(6);
  });
});
