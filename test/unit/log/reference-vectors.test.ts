/**
 * The published RFC 6962 reference tree (transparency-dev/merkle, certificate-transparency): roots,
 * stored nodes and proofs generated here must equal the published bytes, the published proofs must
 * verify, and the tampered variants transparency-dev's verify_test.go probes with must not.
 */
import { describe, expect, it } from 'vitest';
import { fromHex, hex, utf8 } from '../../../shared/bytes.ts';
import { ProofError } from '../../../shared/log/errors.ts';
import { MemoryNodeStorage } from '../../../shared/log/memory-node-storage.ts';
import { LogTree } from '../../../shared/log/log-tree.ts';
import { verifyConsistency } from '../../../shared/log/verify-consistency.ts';
import { rootFromInclusionProof, verifyInclusion } from '../../../shared/log/verify-inclusion.ts';
import {
  CONSISTENCY_PROOFS,
  EMPTY_ROOT_HEX,
  INCLUSION_PROOFS,
  LEAF_INPUTS_HEX,
  NODE_HASHES_HEX,
  ROOTS_BY_SIZE_HEX,
} from '../../fixtures/log/rfc6962-vectors.ts';
import { hasher, hexes } from './helpers.ts';

const leafHashes = LEAF_INPUTS_HEX.map((input) => hasher.hashLeaf(fromHex(input)));
const root = (size: number): Uint8Array => fromHex(ROOTS_BY_SIZE_HEX[size]!);
const someHash = fromHex('abacaba000000000000000000000000000000000000000000060061e00123456');

function fullTree(): { tree: LogTree; storage: MemoryNodeStorage } {
  const storage = new MemoryNodeStorage();
  const tree = new LogTree(hasher, storage);
  tree.appendAll(leafHashes);
  return { tree, storage };
}

function verifies(check: () => void): boolean {
  try {
    check();
    return true;
  } catch (error) {
    if (error instanceof ProofError) return false;
    throw error;
  }
}

describe('the RFC 6962 reference tree', () => {
  it('when leaves are appended one by one, then the root after each append is the published root', () => {
    const tree = new LogTree(hasher, new MemoryNodeStorage());
    expect(hex(tree.root())).toBe(EMPTY_ROOT_HEX);
    leafHashes.forEach((leafHash, i) => {
      tree.append(leafHash);
      expect(hex(tree.root())).toBe(ROOTS_BY_SIZE_HEX[i + 1]);
    });
  });

  it('when the full tree is stored, then the root of every earlier size comes from stored nodes', () => {
    const { tree } = fullTree();
    for (let size = 0; size <= 8; size++) expect(hex(tree.root(size)), `size ${size}`).toBe(ROOTS_BY_SIZE_HEX[size]);
  });

  it('when the full tree is stored, then its level arrays hold exactly the published node hashes', () => {
    const { storage } = fullTree();
    NODE_HASHES_HEX.forEach((level, levelIndex) =>
      level.forEach((expected, index) => expect(hex(storage.node(levelIndex, index)), `${levelIndex}/${index}`).toBe(expected)),
    );
  });

  it('when inclusion proofs are generated, then they equal the published proofs byte for byte', () => {
    const { tree } = fullTree();
    for (const { index, size, proof } of INCLUSION_PROOFS) {
      expect(tree.inclusionProof(index, size).map(hex), `${index} in ${size}`).toEqual(proof);
    }
  });

  it('when consistency proofs are generated, then they equal the published proofs byte for byte', () => {
    const { tree } = fullTree();
    for (const { size1, size2, proof } of CONSISTENCY_PROOFS) {
      expect(tree.consistencyProof(size1, size2).map(hex), `${size1} → ${size2}`).toEqual(proof);
    }
  });
});

describe('verifying the published inclusion proofs', () => {
  it('when a published proof is checked, then it leads to the published root', () => {
    for (const { index, size, proof } of INCLUSION_PROOFS) {
      expect(hex(rootFromInclusionProof(hasher, leafHashes[index]!, index, size, hexes(proof)))).toBe(ROOTS_BY_SIZE_HEX[size]);
      expect(() => verifyInclusion(hasher, leafHashes[index]!, index, size, hexes(proof), root(size))).not.toThrow();
    }
  });

  it("when a published proof is tampered with as transparency-dev's probes do, then every variant fails", () => {
    for (const vector of INCLUSION_PROOFS.filter((v) => v.size > 1)) {
      const { index, size } = vector;
      const proof = hexes(vector.proof);
      const leaf = leafHashes[index]!;
      const probes: [string, () => void][] = [
        ['index - 1', () => verifyInclusion(hasher, leaf, index - 1, size, proof, root(size))],
        ['index + 1', () => verifyInclusion(hasher, leaf, index + 1, size, proof, root(size))],
        ['index ^ 2', () => verifyInclusion(hasher, leaf, index ^ 2, size, proof, root(size))],
        ['size * 2', () => verifyInclusion(hasher, leaf, index, size * 2, proof, root(size))],
        ['size / 2', () => verifyInclusion(hasher, leaf, index, Math.floor(size / 2), proof, root(size))],
        ['wrong leaf', () => verifyInclusion(hasher, hasher.hashLeaf(utf8('WrongLeaf')), index, size, proof, root(size))],
        ['empty root', () => verifyInclusion(hasher, leaf, index, size, proof, fromHex(EMPTY_ROOT_HEX))],
        ['random root', () => verifyInclusion(hasher, leaf, index, size, proof, someHash)],
        ['trailing garbage', () => verifyInclusion(hasher, leaf, index, size, [...proof, new Uint8Array(0)], root(size))],
        ['trailing root', () => verifyInclusion(hasher, leaf, index, size, [...proof, root(size)], root(size))],
        ['preceding garbage', () => verifyInclusion(hasher, leaf, index, size, [new Uint8Array(0), ...proof], root(size))],
        ['preceding root', () => verifyInclusion(hasher, leaf, index, size, [root(size), ...proof], root(size))],
        ['removed component', () => verifyInclusion(hasher, leaf, index, size, proof.slice(0, -1), root(size))],
        ...proof.map((_, i): [string, () => void] => [
          `modified proof[${i}] bit 3`,
          () => verifyInclusion(hasher, leaf, index, size, proof.map((h, j) => (j === i ? Uint8Array.from(h, (b, k) => (k === 0 ? b ^ 8 : b)) : h)), root(size)),
        ]),
      ];
      if (proof.length > 1) probes.push(['inserted component', () => verifyInclusion(hasher, leaf, index, size, [proof[0]!, someHash, ...proof.slice(1)], root(size))]);
      const accepted = probes.filter(([, probe]) => verifies(probe)).map(([name]) => name);
      expect(accepted, `${index} in ${size}`).toEqual([]);
    }
  });
});

describe('verifying the published consistency proofs', () => {
  it('when a published proof is checked against the published roots, then it verifies', () => {
    for (const { size1, size2, proof } of CONSISTENCY_PROOFS) {
      expect(() => verifyConsistency(hasher, size1, size2, root(size1), root(size2), hexes(proof)), `${size1} → ${size2}`).not.toThrow();
    }
  });

  it("when a published proof is tampered with as transparency-dev's probes do, then every variant fails", () => {
    for (const vector of CONSISTENCY_PROOFS.filter((v) => v.proof.length > 0)) {
      const { size1, size2 } = vector;
      const proof = hexes(vector.proof);
      const [root1, root2] = [root(size1), root(size2)];
      const check = (s1: number, s2: number, r1: Uint8Array, r2: Uint8Array, p: Uint8Array[]) => () => verifyConsistency(hasher, s1, s2, r1, r2, p);
      const wrongRoot = hasher.hashLeaf(utf8('WrongRoot'));
      const probes: [string, () => void][] = [
        ['size1 - 1', check(size1 - 1, size2, root1, root2, proof)],
        ['size1 + 1', check(size1 + 1, size2, root1, root2, proof)],
        ['size1 ^ 2', check(size1 ^ 2, size2, root1, root2, proof)],
        ['size2 * 2', check(size1, size2 * 2, root1, root2, proof)],
        ['size2 / 2', check(size1, Math.floor(size2 / 2), root1, root2, proof)],
        ['wrong root1', check(size1, size2, wrongRoot, root2, proof)],
        ['wrong root2', check(size1, size2, root1, wrongRoot, proof)],
        ['swapped roots', check(size1, size2, root2, root1, proof)],
        ['empty proof', check(size1, size2, root1, root2, [])],
        ['trailing garbage', check(size1, size2, root1, root2, [...proof, new Uint8Array(0)])],
        ['trailing root1', check(size1, size2, root1, root2, [...proof, root1])],
        ['trailing root2', check(size1, size2, root1, root2, [...proof, root2])],
        ['preceding garbage', check(size1, size2, root1, root2, [new Uint8Array(0), ...proof])],
        ['preceding root1', check(size1, size2, root1, root2, [root1, ...proof])],
        ['preceding root2', check(size1, size2, root1, root2, [root2, ...proof])],
        ['preceding proof[0]', check(size1, size2, root1, root2, [proof[0]!, ...proof])],
        ['truncated proof', check(size1, size2, root1, root2, proof.slice(0, -1))],
        ...proof.map((_, i): [string, () => void] => [
          `modified proof[${i}] bit 4`,
          check(size1, size2, root1, root2, proof.map((h, j) => (j === i ? Uint8Array.from(h, (b, k) => (k === 0 ? b ^ 16 : b)) : h))),
        ]),
      ];
      const accepted = probes.filter(([, probe]) => verifies(probe)).map(([name]) => name);
      expect(accepted, `${size1} → ${size2}`).toEqual([]);
    }
  });

  it("when sizes or roots are trivially related, then the edge cases of verify_test.go's table hold", () => {
    const empty = fromHex(EMPTY_ROOT_HEX);
    const [a, b] = [root(1), root(2)];
    // Always consistent: equal sizes with equal roots, and the empty tree before anything.
    expect(verifies(() => verifyConsistency(hasher, 0, 0, empty, empty, []))).toBe(true);
    expect(verifies(() => verifyConsistency(hasher, 0, 1, empty, a, []))).toBe(true);
    expect(verifies(() => verifyConsistency(hasher, 1, 1, a, a, []))).toBe(true);
    // Equal sizes, different roots.
    expect(() => verifyConsistency(hasher, 0, 0, empty, a, [])).toThrow(expect.objectContaining({ reason: 'same-size-different-root' }));
    expect(() => verifyConsistency(hasher, 1, 1, a, b, [])).toThrow(expect.objectContaining({ reason: 'same-size-different-root' }));
    // Time travel to the past.
    expect(() => verifyConsistency(hasher, 1, 0, a, empty, [])).toThrow(expect.objectContaining({ reason: 'size-decreased' }));
    expect(() => verifyConsistency(hasher, 2, 1, b, a, [])).toThrow(expect.objectContaining({ reason: 'size-decreased' }));
    // Growth needs a proof; trivial cases need none.
    expect(() => verifyConsistency(hasher, 1, 2, a, b, [])).toThrow(expect.objectContaining({ reason: 'empty-proof' }));
    expect(() => verifyConsistency(hasher, 0, 0, empty, empty, [empty])).toThrow(expect.objectContaining({ reason: 'non-empty-proof' }));
    expect(() => verifyConsistency(hasher, 0, 1, empty, a, [empty])).toThrow(expect.objectContaining({ reason: 'non-empty-proof' }));
    expect(() => verifyConsistency(hasher, 1, 1, a, a, [empty])).toThrow(expect.objectContaining({ reason: 'non-empty-proof' }));
    // An "empty" old tree must have the empty tree's root.
    expect(() => verifyConsistency(hasher, 0, 1, a, a, [])).toThrow(expect.objectContaining({ reason: 'old-root-mismatch' }));
  });
});
