/**
 * A tiny typed publish/subscribe: the screen listens for tap results and status changes. A listener that
 * throws is reported, not allowed to stop the others (or the card session that published).
 */
export class Notices<T> {
  private readonly listeners = new Set<(notice: T) => void>();

  constructor(private readonly report: (error: unknown) => void) {}

  subscribe(listener: (notice: T) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  publish(notice: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(notice);
      } catch (error) {
        this.report(error);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
