/** Opaque handle of a scheduled callback. */
export type TimerHandle = object;

/**
 * Scheduling, injected so tests can see every delay the sync loop asks for and fire it when they choose
 * instead of waiting out real back-off.
 */
export interface Timers {
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const systemTimers: Timers = {
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    // A pending retry must not keep a process alive that has nothing else to do (tests, CLI tools).
    handle.unref();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
