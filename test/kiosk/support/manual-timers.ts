import type { TimerHandle, Timers } from '../../../kiosk/core/time/timers.ts';

interface Scheduled {
  ms: number;
  callback: () => void;
  state: 'pending' | 'fired' | 'cleared';
}

/**
 * Timers a test fires by hand: every delay the kiosk asks for is recorded, nothing runs by itself, so
 * back-off is checked exactly and instantly.
 */
export class ManualTimers implements Timers {
  readonly scheduled: Scheduled[] = [];
  private waiters: ((entry: Scheduled) => void)[] = [];

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const entry: Scheduled = { ms, callback, state: 'pending' };
    this.scheduled.push(entry);
    for (const waiter of this.waiters.splice(0)) waiter(entry);
    return entry;
  }

  clearTimeout(handle: TimerHandle): void {
    const entry = handle as Scheduled;
    if (entry.state === 'pending') entry.state = 'cleared';
  }

  pending(): Scheduled[] {
    return this.scheduled.filter((entry) => entry.state === 'pending');
  }

  /** Resolves with the next timer the kiosk schedules. */
  next(): Promise<Scheduled> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /**
   * Fires the one pending timer and resolves with the delay of the timer the kiosk schedules after that
   * round (the back-off it chose, or the wait until the next configuration pull).
   */
  async fire(): Promise<number> {
    const pending = this.pending();
    if (pending.length !== 1) throw new Error(`expected exactly one pending timer, found ${pending.length}`);
    const following = this.next();
    const entry = pending[0]!;
    entry.state = 'fired';
    entry.callback();
    return (await following).ms;
  }
}
