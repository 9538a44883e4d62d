import { performance } from 'node:perf_hooks';

/**
 * Long work on the main thread (a member import of a million rows), done in slices of a few milliseconds: between
 * them the event loop answers every other request (a health check, a kiosk's upload, a console page). Awaiting
 * `next()` at each step of the work costs nothing until the slice has run for its time.
 */
export class EventLoopTurns {
  private sliceStart = performance.now();

  constructor(private readonly sliceMs = 10) {}

  /** Lets the event loop run once this slice has run for `sliceMs`; at once otherwise. */
  async next(): Promise<void> {
    if (performance.now() - this.sliceStart < this.sliceMs) return;
    await new Promise((resolve) => setImmediate(resolve));
    this.sliceStart = performance.now();
  }
}
