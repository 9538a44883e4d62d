import { describe, expect, it } from 'vitest';
import { consistencyPlan, inclusionPlan, planNodeIds, rootPlan, type ProofPlan } from '../../../shared/log/proof-plan.ts';
import { perfectSubtrees } from '../../../shared/log/subtree.ts';
import { CONSISTENCY_NODE_PLANS, INCLUSION_NODE_PLANS } from '../../fixtures/log/rfc6962-vectors.ts';

const written = (plan: ProofPlan): string[] => plan.map((element) => element.map(({ level, index }) => `${level}/${index}`).join('+'));

describe('proof plans', () => {
  it("when an inclusion proof is planned, then it names the stored nodes transparency-dev's proof_test.go expects", () => {
    for (const { size, index, plan } of INCLUSION_NODE_PLANS) expect(written(inclusionPlan(index, size)), `${index} in ${size}`).toEqual(plan);
  });

  it("when a consistency proof is planned, then it names the stored nodes transparency-dev's proof_test.go expects", () => {
    for (const { size1, size2, plan } of CONSISTENCY_NODE_PLANS) expect(written(consistencyPlan(size1, size2)), `${size1} → ${size2}`).toEqual(plan);
  });

  it('when the leaf or sizes lie outside the tree, then planning fails with ERR_PROOF_RANGE', () => {
    for (const [index, size] of [[0, 0], [1, 0], [2, 1], [3, 0], [8, 7], [-1, 4], [0.5, 4], [0, Number.MAX_SAFE_INTEGER + 1]] as const) {
      expect(() => inclusionPlan(index, size), `${index} in ${size}`).toThrow(expect.objectContaining({ code: 'ERR_PROOF_RANGE' }));
    }
    expect(() => consistencyPlan(9, 8)).toThrow(expect.objectContaining({ code: 'ERR_PROOF_RANGE' }));
    expect(() => consistencyPlan(-1, 8)).toThrow(expect.objectContaining({ code: 'ERR_PROOF_RANGE' }));
    expect(consistencyPlan(0, 8)).toEqual([]);
  });

  it('when a range error names a count, then one leaf is singular', () => {
    expect(() => inclusionPlan(2, 1)).toThrow('leaf 2 is not in a tree of 1 leaf');
    expect(() => inclusionPlan(3, 2)).toThrow('leaf 3 is not in a tree of 2 leaves');
    expect(() => consistencyPlan(1, 0)).toThrow('a tree of 1 leaf cannot be a prefix of one of 0');
  });

  it('when a tree has 10 million leaves, then a proof reads O(log n) nodes and at most one hash is rebuilt', () => {
    const size = 10_000_000;
    for (const index of [0, 1, 4_999_999, 9_999_998, 9_999_999]) {
      const plan = inclusionPlan(index, size);
      expect(plan.length).toBeLessThanOrEqual(24);
      expect(planNodeIds(plan).length).toBeLessThanOrEqual(2 * 24);
      expect(plan.filter((element) => element.length > 1).length).toBeLessThanOrEqual(1);
    }
    expect(rootPlan(size).length).toBe(8); // one node per set bit of 10 000 000
  });

  it('when sizes pass 2^32, then the arithmetic stays exact', () => {
    const size = 2 ** 40 + 3;
    expect(rootPlan(size)).toEqual([
      { level: 40, index: 0 },
      { level: 1, index: 2 ** 39 },
      { level: 0, index: 2 ** 40 + 2 },
    ]);
    const plan = inclusionPlan(2 ** 40 + 2, size);
    expect(plan).toEqual([[{ level: 1, index: 2 ** 39 }], [{ level: 40, index: 0 }]]);
  });

  it('when a range is split into perfect subtrees, then they are aligned, contiguous and cover it exactly', () => {
    for (const [start, end] of [[0, 13], [8, 15], [5, 6], [96, 200], [0, 0]] as const) {
      let next = start;
      for (const { level, index } of perfectSubtrees(start, end)) {
        expect(index * 2 ** level).toBe(next);
        next += 2 ** level;
      }
      expect(next).toBe(end);
    }
  });
});
