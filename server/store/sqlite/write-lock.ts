/**
 * The one writing connection's turn, first come first served. better-sqlite3 runs each statement
 * synchronously, but the ingest and diagnostics transactions await their work between BEGIN and COMMIT:
 * without a turn, another request's write could run on the connection inside that open transaction and
 * be committed, or rolled back, with it.
 */
export class WriteLock {
  private held = false;
  /** the turns waiting, oldest first; each is started by the turn before it */
  private readonly waiting: (() => void)[] = [];

  /**
   * Runs `work` once every earlier turn has ended, and ends this one when it settles, thrown or not. A
   * free lock starts `work` at once, in this same call: no timer, no wait for the event loop.
   */
  async run<T>(work: () => Promise<T> | T): Promise<T> {
    if (this.held) await new Promise<void>((start) => this.waiting.push(start));
    else this.held = true;
    try {
      return await work();
    } finally {
      this.release();
    }
  }

  private release(): void {
    // Handed straight to the next turn, so a caller arriving meanwhile queues behind it rather than overtaking.
    const next = this.waiting.shift();
    if (next) next();
    else this.held = false;
  }
}

/** A writer whose every public member is an async method: what lockedWriter can wrap without changing its type. */
export type AsyncWriter<W> = { [K in keyof W]: (...args: never[]) => Promise<unknown> };

/**
 * The writer with every method taking its turn on `lock`. The method runs on the writer itself, so one
 * of its methods calling another does not wait for its own turn.
 */
export function lockedWriter<W extends AsyncWriter<W>>(lock: WriteLock, writer: W): W {
  // Each method is wrapped once, on first use, so a call costs no new function.
  const wrapped = new WeakMap<object, unknown>();
  return new Proxy(writer, {
    get(target, name) {
      const value: unknown = Reflect.get(target, name);
      if (typeof value !== 'function') return value;
      let method = wrapped.get(value);
      if (!method) {
        method = (...args: unknown[]) => lock.run(() => (value as (...args: unknown[]) => unknown).apply(target, args));
        wrapped.set(value, method);
      }
      return method;
    },
  });
}
