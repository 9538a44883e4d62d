import { counted } from '../../shared/counted.ts';
import { readEventHeader } from '../../shared/events/event-jws.ts';
import { toBase64 } from '../../shared/log/base64.ts';
import { authorize } from '../auth/policy.ts';
import type { Principal } from '../auth/principal.ts';
import type { ReadContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import type { CheckpointPublisher } from '../log/checkpoint-publisher.ts';
import { consistencyProofAt, inclusionProofAt } from '../log/tree-root.ts';
import type { Kiosk } from '../store/repositories/kiosks.ts';

/**
 * The read side of the transparency log (DESIGN §5, appendix). Checkpoints and proofs are public: they hold
 * hashes only. A leaf is the accepted event itself, a member's attendance or transfer with their card's
 * credential, so it goes only to the kiosk that signed it and to people whose reach covers that kiosk's
 * organisation.
 */

export interface LogContext extends ReadContext {
  checkpoints: CheckpointPublisher;
}

/** The newest signed checkpoint; the first request on an empty server gets the size-0 one. */
export async function newestCheckpoint(ctx: LogContext): Promise<string> {
  return ((await ctx.read.log.newestCheckpoint()) ?? (await ctx.checkpoints.publish())).note;
}

export async function checkpointAt(ctx: ReadContext, size: number): Promise<string> {
  const stored = await ctx.read.log.checkpointAt(size);
  if (!stored) throw new ApiError('ERR_LOG_CHECKPOINT_NOT_FOUND', `no checkpoint was published at size ${size}`, { size });
  return stored.note;
}

const fetchNodes = (ctx: ReadContext) => (ids: Parameters<ReadContext['read']['log']['nodes']>[0]) => ctx.read.log.nodes(ids);

async function requireSize(ctx: ReadContext, size: number, what: string): Promise<void> {
  const stored = await ctx.read.log.size();
  if (size > stored) throw new ApiError('ERR_LOG_RANGE', `${what} ${size} is beyond the log, which holds ${stored} leaves`, { size, logSize: stored });
}

export async function inclusionProof(ctx: ReadContext, index: number, size: number): Promise<{ index: number; size: number; hashes: string[] }> {
  await requireSize(ctx, size, 'size');
  if (index >= size) throw new ApiError('ERR_LOG_RANGE', `leaf ${index} is not in a tree of ${counted(size, 'leaf', 'leaves')}`, { index, size });
  return { index, size, hashes: (await inclusionProofAt(fetchNodes(ctx), index, size)).map(toBase64) };
}

export async function consistencyProof(ctx: ReadContext, from: number, to: number): Promise<{ from: number; to: number; hashes: string[] }> {
  await requireSize(ctx, to, 'to');
  if (from > to) throw new ApiError('ERR_LOG_RANGE', `a tree of ${counted(from, 'leaf', 'leaves')} cannot be a prefix of one of ${to}`, { from, to });
  return { from, to, hashes: (await consistencyProofAt(fetchNodes(ctx), from, to)).map(toBase64) };
}

interface Leaf {
  index: number;
  jws: string;
}

async function storedLeaf(ctx: ReadContext, index: number): Promise<Leaf> {
  const jws = await ctx.read.log.leaf(index);
  if (jws === undefined) throw new ApiError('ERR_LOG_LEAF_NOT_FOUND', `the log has no leaf ${index}`, { index });
  return { index, jws };
}

/** The kid of the kiosk whose key signed the leaf: the event's own word, checked by its signature at ingest. */
function signerOf(leaf: Leaf): string | undefined {
  try {
    return readEventHeader(leaf.jws).kid;
  } catch {
    // Every leaf was an event that verified; one that no longer reads as such belongs to no kiosk, so to no reach.
    return undefined;
  }
}

/** Leaf `index` for a signed-in person whose reach covers the organisation of the kiosk that signed it. */
export async function leafForUser(ctx: ReadContext, principal: Principal, index: number): Promise<Leaf> {
  const leaf = await storedLeaf(ctx, index);
  const signer = signerOf(leaf);
  const kiosk = signer === undefined ? undefined : await ctx.read.kiosks.byKid(signer);
  authorize(principal, 'log.leaf.read', kiosk ? { path: kiosk.orgPath } : null);
  return leaf;
}

/**
 * Leaf `index` for the kiosk that signed it. Any other leaf is refused with ERR_OUT_OF_SCOPE, which tells the
 * kiosk all it needs (another kiosk's event is there) and nothing of that event.
 */
export async function leafForKiosk(ctx: ReadContext, kiosk: Kiosk, index: number): Promise<Leaf> {
  const leaf = await storedLeaf(ctx, index);
  if (signerOf(leaf) !== kiosk.kid) {
    throw new ApiError('ERR_OUT_OF_SCOPE', `log leaf ${index} holds another kiosk's event; a kiosk may read only the events it signed`, { index });
  }
  return leaf;
}
