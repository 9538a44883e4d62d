import { ApiError } from '../errors.ts';

/**
 * How many password hashes run at once. scrypt (and the zlib of the compression middleware, and file I/O) runs on
 * libuv's thread pool, UV_THREADPOOL_SIZE threads (4 unless set), shared by the whole process: one hash holds a
 * thread for about half a second. Hashes take at most half the pool, so however many sign-ins arrive, replies are
 * still compressed and files still read on the other half.
 */
const poolThreads = (): number => {
  const size = Number(process.env.UV_THREADPOOL_SIZE);
  return Number.isInteger(size) && size > 0 ? size : 4;
};

/**
 * A hash that finds every slot taken waits its turn, behind at most this many: with two slots at about half a
 * second a hash, the last of them starts within about two seconds. One more is refused at once (503
 * ERR_SERVER_BUSY) rather than queued without end, so a flood of sign-ins from many addresses costs its senders,
 * not the server's memory or everyone else's wait.
 */
export const MAX_WAITING_HASHES = 8;

/** What a refused hash tells the client to wait: by then the queue has moved on by several hashes. */
const BUSY_RETRY_SECONDS = 2;

/** Runs at most `slots` tasks at once, the rest in order of arrival, and refuses one beyond `maxWaiting` in line. */
export class HashSlots {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  /** hashes begun since start: the sign-in tests count them to show a refused attempt costs none */
  private begun = 0;

  constructor(
    readonly slots: number,
    readonly maxWaiting: number,
  ) {}

  get started(): number {
    return this.begun;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.slots) {
      if (this.waiting.length >= this.maxWaiting) {
        throw new ApiError('ERR_SERVER_BUSY', `the server is checking many passwords just now: try again in ${BUSY_RETRY_SECONDS} seconds`, {
          retryAfterSeconds: BUSY_RETRY_SECONDS,
        });
      }
      // The slot is handed over by the task that frees it, so `running` never drops for a newcomer to jump the line.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running += 1;
    }
    this.begun += 1;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}

/** One for the process, as the thread pool is. */
export const passwordHashSlots = new HashSlots(Math.max(1, Math.floor(poolThreads() / 2)), MAX_WAITING_HASHES);
