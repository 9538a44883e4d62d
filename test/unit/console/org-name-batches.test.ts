import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Org } from '../../../console/ui/api/types.ts';
import { OrgNameBatches } from '../../../console/ui/orgs/org-name-batches.ts';

const org = (code: string): Org => ({ code, name: `名${code}`, kind: 'branch', parent: null, depth: 0, createdAt: '2030-01-01T00:00:00.000Z' });

describe('names asked for by code, in batches', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('when a page wants 120 names at once, then three requests of at most 50 ask for each code once, and the answers are handed on', async () => {
    const asked: string[][] = [];
    const found: Org[] = [];
    const batches = new OrgNameBatches(
      async (codes) => {
        asked.push(codes);
        return codes.filter((code) => code !== 'C7').map(org);
      },
      (orgs) => found.push(...orgs),
    );
    for (let round = 0; round < 2; round++) for (let n = 0; n < 120; n++) batches.want(`C${n}`);
    expect(asked).toEqual([]);
    await vi.advanceTimersByTimeAsync(50);
    expect(asked.map((codes) => codes.length)).toEqual([50, 50, 20]);
    expect(new Set(asked.flat()).size).toBe(120);
    expect(found).toHaveLength(119);

    batches.want('C7');
    batches.want('C3');
    await vi.advanceTimersByTimeAsync(50);
    expect(asked).toHaveLength(3);
  });

  it('when the screen is gone before the batch leaves, then nothing is asked', async () => {
    const lookUp = vi.fn(async () => [] as Org[]);
    const batches = new OrgNameBatches(lookUp, () => undefined);
    batches.want('A1');
    batches.stop();
    await vi.advanceTimersByTimeAsync(50);
    expect(lookUp).not.toHaveBeenCalled();
  });
});
