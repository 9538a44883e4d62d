import { fileURLToPath } from 'node:url';
import { bundledWorkerSource } from '../../threads/bundled-worker.ts';
import { WorkerCalls } from '../../threads/worker-calls.ts';
import type { FlowPair, FlowReader } from '../repositories/flows.ts';
import type { DayWindow } from '../repositories/histories.ts';

const WORKER_ENTRY = fileURLToPath(new URL('./flows.worker.ts', import.meta.url));

export interface FlowPairsRequest {
  rootPath: string;
  window: DayWindow;
}

/**
 * The flow matrix's pairs (flows-sql.ts) read on a worker thread. Over a year of a province they group millions
 * of attendance rows, seconds of work that on the main thread would hold up every other request, kiosks'
 * uploads included. The worker starts on the first report and is replaced when it dies.
 */
export class WorkerFlowReader implements FlowReader {
  private worker: WorkerCalls<FlowPairsRequest, FlowPair[]> | undefined;
  private closed = false;

  constructor(private readonly file: string) {}

  async pairs(rootPath: string, window: DayWindow): Promise<FlowPair[]> {
    const source = await bundledWorkerSource(WORKER_ENTRY);
    if (this.closed) throw new Error('the store is closed');
    if (!this.worker?.alive) this.worker = new WorkerCalls(source, 'flow report', { workerData: { file: this.file } });
    return this.worker.call({ rootPath, window });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.worker?.terminate();
  }
}
