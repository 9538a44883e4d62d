import { parentPort, Worker, type ResourceLimits } from 'node:worker_threads';

type Reply<R> = { id: number; result: R } | { id: number; error: string };

/**
 * A worker thread called like an async function: each call posts `{ id, request }` and resolves with the
 * worker's `{ id, result }` (or rejects with its `{ id, error }`). The worker answers with serveCalls. When the
 * worker dies, every call waiting on it rejects and `alive` turns false.
 */
export class WorkerCalls<Request, Result> {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve(result: Result): void; reject(error: Error): void }>();
  private nextId = 1;
  alive = true;

  constructor(source: string, what: string, options: { workerData?: unknown; resourceLimits?: ResourceLimits } = {}) {
    this.worker = new Worker(source, { eval: true, ...options });
    // The HTTP server keeps the process alive; a worker nobody closed must not.
    this.worker.unref();
    this.worker.on('message', (reply: Reply<Result>) => {
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if ('error' in reply) waiting?.reject(new Error(`${what} failed in a worker: ${reply.error}`));
      else waiting?.resolve(reply.result);
    });
    const fail = (error: Error): void => {
      this.alive = false;
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`a ${what} worker exited with code ${code}`)));
  }

  call(request: Request): Promise<Result> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, request });
    });
  }

  async terminate(): Promise<void> {
    this.alive = false;
    await this.worker.terminate();
  }
}

/** The worker's side of WorkerCalls: answers each call with `handle`'s result, or its failure as text. */
export function serveCalls<Request, Result>(handle: (request: Request) => Promise<Result>): void {
  const port = parentPort;
  if (!port) throw new Error('serveCalls runs in a worker thread');
  port.on('message', (message: { id: number; request: Request }) => {
    handle(message.request).then(
      (result) => port.postMessage({ id: message.id, result }),
      (error: unknown) => port.postMessage({ id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
    );
  });
}
