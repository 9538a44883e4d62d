/**
 * Runs tasks one after another per reader name, and readers side by side: a second card on the same reader
 * waits for the first card's session (which ends at once if that card has gone), while two readers at a
 * door serve two queues of members.
 */
export class PerReaderQueue {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(reader: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(reader) ?? Promise.resolve();
    const result = previous.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(reader, tail);
    void tail.then(() => {
      if (this.tails.get(reader) === tail) this.tails.delete(reader);
    });
    return result;
  }

  /** Resolves when every queued task has finished. */
  async drained(): Promise<void> {
    while (this.tails.size > 0) await Promise.all(this.tails.values());
  }
}
