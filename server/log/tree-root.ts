import { assembleProof, assembleRoot, consistencyPlan, inclusionPlan, planNodeIds, rootPlan, type ProofPlan } from '../../shared/log/proof-plan.ts';
import type { NodeId } from '../../shared/log/subtree.ts';
import { LOG_HASHER } from './log-hasher.ts';

/** Fetches stored subtree hashes in the order asked: one batch per proof, sync or async stores alike. */
export type NodeFetch = (ids: readonly NodeId[]) => Promise<Uint8Array[]>;

/** The nodes a plan reads, fetched once, as the lookup assembleProof / assembleRoot call. */
async function lookupFor(fetch: NodeFetch, plan: ProofPlan): Promise<(id: NodeId) => Uint8Array> {
  const ids = planNodeIds(plan);
  const hashes = await fetch(ids);
  const byId = new Map(ids.map((id, i) => [`${id.level}/${id.index}`, hashes[i]!]));
  return (id) => byId.get(`${id.level}/${id.index}`)!;
}

/**
 * Roots and proofs of any past size from the stored nodes (shared/log/proof-plan.ts): O(log n) node
 * reads each, never a rehash of leaves. Sizes must be at most the stored size; callers check.
 */
export async function rootAt(fetch: NodeFetch, size: number): Promise<Uint8Array> {
  const plan = rootPlan(size);
  return assembleRoot(LOG_HASHER, plan, await lookupFor(fetch, [plan]));
}

export async function inclusionProofAt(fetch: NodeFetch, index: number, size: number): Promise<Uint8Array[]> {
  const plan = inclusionPlan(index, size);
  return assembleProof(LOG_HASHER, plan, await lookupFor(fetch, plan));
}

export async function consistencyProofAt(fetch: NodeFetch, from: number, to: number): Promise<Uint8Array[]> {
  const plan = consistencyPlan(from, to);
  return assembleProof(LOG_HASHER, plan, await lookupFor(fetch, plan));
}
