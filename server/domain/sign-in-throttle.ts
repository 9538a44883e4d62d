import { BoundedMap } from '../bounded-map.ts';
import { isoTimestamp } from '../clock.ts';
import { ApiError } from '../errors.ts';

export interface SignInLimits {
  /** wrong passwords in a row for one username that cost nothing */
  failuresBeforeWait: number;
  /** the wait after the last of those; it doubles with every further wrong password */
  firstWaitMs: number;
  longestWaitMs: number;
  /** a username's wrong passwords are forgotten this long after the last of them (a right one forgets them at once) */
  forgetFailuresAfterMs: number;
  /** attempts one address may make in a burst… */
  addressBurst: number;
  /** …after which it gets one more every this long */
  addressRefillMs: number;
  /** usernames, and addresses, remembered at most: the least recently seen is forgotten first */
  maxTracked: number;
}

/**
 * Five wrong passwords in a row cost nothing: someone who mistypes, or tries last year's password with caps lock on,
 * never meets the limit. After the fifth the next try waits a minute, after each further one twice as long (2, 4,
 * 8, 16, 32 minutes), up to an hour: a secretary who gets it wrong six times waits one minute and is told so. A
 * guesser gets ten tries in the first hour and one an hour after that. The wrong passwords are forgotten a day
 * after the last (sooner, and waiting out the hour would give a guesser five free tries again); the right password
 * forgets them at once.
 *
 * An address (one computer, or one office behind one router) may try 20 passwords in a burst, then 10 a minute (one
 * every 6 s): an office where several people mistype does not notice, while one machine flooding the sign-in gets
 * ten password checks a minute. A right password gives its try back, so signing in correctly never uses up the
 * office's allowance.
 *
 * 20,000 usernames and 20,000 addresses are remembered at most, a few megabytes. A username is remembered only once a
 * password for it was checked and found wrong, and the server checks at most a few a second (password-hash-slots.ts):
 * pushing the record of a username being guessed out of memory takes 20,000 wrong passwords for other names, over
 * an hour of the server's whole capacity, for one more guess.
 */
export const SIGN_IN_LIMITS: SignInLimits = {
  failuresBeforeWait: 5,
  firstWaitMs: 60_000,
  longestWaitMs: 3_600_000,
  forgetFailuresAfterMs: 24 * 3_600_000,
  addressBurst: 20,
  addressRefillMs: 6_000,
  maxTracked: 20_000,
};

/** An attempt refused because others for the same username are being checked: about one hash's time. */
const CHECKING_RETRY_MS = 2_000;

interface Failures {
  count: number;
  lastAt: number;
  /** the password the wrong ones were tried against (its stored hash; null: no such user) */
  password: string | null;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** An admitted attempt, told how it ended. */
export interface SignInAttempt {
  succeeded(): void;
  /** a wrong username or password: it counts */
  failed(now: Date): void;
  /** ended before the password was judged (the server busy): it does not count */
  abandoned(): void;
}

function inWords(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 120) return seconds === 1 ? '1 second' : `${seconds} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

function tooMany(limit: 'username' | 'address', waitMs: number, now: number): ApiError {
  const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
  const retryAt = isoTimestamp(new Date(now + retryAfterSeconds * 1000));
  const message =
    limit === 'username'
      ? `too many wrong passwords for this username: try again in ${inWords(waitMs)}; if the password is forgotten, an administrator can reset it`
      : `too many sign-in attempts from this address: try again in ${inWords(waitMs)}`;
  return new ApiError('ERR_TOO_MANY_ATTEMPTS', message, { limit, retryAfterSeconds, retryAt });
}

/**
 * Sign-in attempts per username and per address, kept in memory: the server is one process, and a restart forgetting
 * them gives a guesser one more allowance per restart, no more. Every check happens before the password is hashed,
 * so a refused attempt costs the server almost nothing.
 */
export class SignInThrottle {
  private readonly failures: BoundedMap<string, Failures>;
  private readonly addresses: BoundedMap<string, Bucket>;
  /** attempts being checked now, per username: they count as wrong until they are known not to be */
  private readonly checking = new Map<string, number>();

  constructor(private readonly limits: SignInLimits = SIGN_IN_LIMITS) {
    this.failures = new BoundedMap(limits.maxTracked);
    this.addresses = new BoundedMap(limits.maxTracked);
  }

  /** how many usernames and addresses are remembered now */
  tracked(): { usernames: number; addresses: number } {
    return { usernames: this.failures.size, addresses: this.addresses.size };
  }

  /**
   * Admits an attempt, or refuses it with 429 ERR_TOO_MANY_ATTEMPTS saying when to try again. `password` is the
   * username's stored password hash (null when there is no such user): wrong passwords count against the password
   * they were tried on, so once it is set anew (an administrator's reset, through the API or the admin command, or
   * the owner's own change) the wait ends and the owner signs in with the new one at once. The addresses the wrong
   * passwords came from keep their counts.
   */
  admit(username: string, address: string, now: Date, password: string | null): SignInAttempt {
    const at = now.getTime();
    this.assertUsernameMayTry(username, at, password);
    const bucket = this.refilled(address, at);
    if (bucket.tokens < 1) throw tooMany('address', (1 - bucket.tokens) * this.limits.addressRefillMs, at);
    bucket.tokens -= 1;
    this.checking.set(username, (this.checking.get(username) ?? 0) + 1);
    let open = true;
    const end = (): boolean => {
      if (!open) return false;
      open = false;
      const left = (this.checking.get(username) ?? 1) - 1;
      if (left > 0) this.checking.set(username, left);
      else this.checking.delete(username);
      return true;
    };
    const giveBack = (): void => {
      bucket.tokens = Math.min(this.limits.addressBurst, bucket.tokens + 1);
    };
    return {
      succeeded: () => {
        if (!end()) return;
        this.failures.delete(username);
        giveBack();
      },
      failed: (when) => {
        if (!end()) return;
        const record = this.failuresOf(username, when.getTime(), password);
        this.failures.set(username, { count: (record?.count ?? 0) + 1, lastAt: when.getTime(), password });
      },
      abandoned: () => {
        if (end()) giveBack();
      },
    };
  }

  private waitAfter(failures: number): number {
    const beyond = failures - this.limits.failuresBeforeWait;
    return beyond < 0 ? 0 : Math.min(this.limits.firstWaitMs * 2 ** beyond, this.limits.longestWaitMs);
  }

  private failuresOf(username: string, at: number, password: string | null): Failures | undefined {
    const record = this.failures.get(username);
    if (record && (at - record.lastAt >= this.limits.forgetFailuresAfterMs || record.password !== password)) {
      this.failures.delete(username);
      return undefined;
    }
    return record;
  }

  private assertUsernameMayTry(username: string, at: number, password: string | null): void {
    const record = this.failuresOf(username, at, password);
    const count = record?.count ?? 0;
    const until = record ? record.lastAt + this.waitAfter(count) : at;
    if (until > at) throw tooMany('username', until - at, at);
    // Attempts in flight count as wrong until judged, so a burst sent at once gets no more tries than one after another.
    if ((this.checking.get(username) ?? 0) >= Math.max(1, this.limits.failuresBeforeWait - count)) throw tooMany('username', CHECKING_RETRY_MS, at);
  }

  private refilled(address: string, at: number): Bucket {
    const bucket = this.addresses.get(address) ?? { tokens: this.limits.addressBurst, at };
    bucket.tokens = Math.min(this.limits.addressBurst, bucket.tokens + Math.max(0, at - bucket.at) / this.limits.addressRefillMs);
    bucket.at = at;
    this.addresses.set(address, bucket);
    return bucket;
  }
}
