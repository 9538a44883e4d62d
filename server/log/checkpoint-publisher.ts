import type { Logger } from 'pino';
import { signCheckpoint } from '../../shared/log/signed-checkpoint.ts';
import { isoTimestamp, type Clock } from '../clock.ts';
import type { LogSigningKey } from '../keys/log-signing-key.ts';
import type { LogReader, LogWriter, StoredCheckpoint } from '../store/repositories/log.ts';
import { rootAt } from './tree-root.ts';

/** How often the server looks for new leaves to sign a checkpoint over, by default. */
export const CHECKPOINT_INTERVAL_MS = 2000;

export interface CheckpointDeps {
  read: LogReader;
  write: LogWriter;
  key: LogSigningKey;
  clock: Clock;
  logger: Logger;
}

/**
 * Signs and keeps checkpoints (C2SP signed notes over the tree size and root). A timer publishes one
 * whenever the log has grown since the last, so while events arrive there is a fresh checkpoint every
 * interval; tests and the start-up call `publish()` directly. Publications run one at a time.
 */
export class CheckpointPublisher {
  private timer: NodeJS.Timeout | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: CheckpointDeps) {}

  /** The checkpoint of the current tree: the stored one if the log has not grown, else a new one. */
  publish(): Promise<StoredCheckpoint> {
    const run = this.queue.then(() => this.publishNow());
    this.queue = run.catch(() => undefined);
    return run;
  }

  start(intervalMs = CHECKPOINT_INTERVAL_MS): void {
    this.stop();
    this.timer = setInterval(() => {
      this.publish().catch((error: unknown) => this.deps.logger.error({ err: error }, 'could not publish a log checkpoint'));
    }, intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a publication in progress. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.queue;
  }

  private async publishNow(): Promise<StoredCheckpoint> {
    const { read, write, key, clock } = this.deps;
    const size = await read.size();
    const newest = await read.newestCheckpoint();
    if (newest && newest.size >= size) return newest;
    const root = await rootAt((ids) => read.nodes(ids), size);
    const note = await signCheckpoint({ origin: key.name, size, rootHash: root, extensions: [] }, [key.signer]);
    const checkpoint: StoredCheckpoint = { size, root, note, createdAt: isoTimestamp(clock.now()) };
    await write.saveCheckpoint(checkpoint);
    return checkpoint;
  }
}
