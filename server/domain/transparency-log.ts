import { toBase64 } from '../../shared/log/base64.ts';
import type { ReadContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import type { CheckpointPublisher } from '../log/checkpoint-publisher.ts';
import { consistencyProofAt, inclusionProofAt } from '../log/tree-root.ts';

/** The public read side of the transparency log (DESIGN §5, appendix): checkpoints, proofs, leaves. */

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
  if (index >= size) throw new ApiError('ERR_LOG_RANGE', `leaf ${index} is not in a tree of ${size} leaves`, { index, size });
  return { index, size, hashes: (await inclusionProofAt(fetchNodes(ctx), index, size)).map(toBase64) };
}

export async function consistencyProof(ctx: ReadContext, from: number, to: number): Promise<{ from: number; to: number; hashes: string[] }> {
  await requireSize(ctx, to, 'to');
  if (from > to) throw new ApiError('ERR_LOG_RANGE', `a tree of ${from} leaves cannot be a prefix of one of ${to}`, { from, to });
  return { from, to, hashes: (await consistencyProofAt(fetchNodes(ctx), from, to)).map(toBase64) };
}

export async function logLeaf(ctx: ReadContext, index: number): Promise<{ index: number; jws: string }> {
  const jws = await ctx.read.log.leaf(index);
  if (jws === undefined) throw new ApiError('ERR_LOG_LEAF_NOT_FOUND', `the log has no leaf ${index}`, { index });
  return { index, jws };
}
