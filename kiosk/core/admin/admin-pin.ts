import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { KioskError } from '../errors.ts';
import type { Clock } from '../time/clock.ts';
import type { KioskDb } from '../store/kiosk-db.ts';

/** scrypt cost (N = 2^15, r = 8, 32 MiB): on the order of 100 ms per try, a deliberate price for each guess. */
const PARAMS = { N: 32_768, r: 8, p: 1, keyLength: 32 } as const;
const PIN_FORMAT = /^[0-9]{4,12}$/;
/** Wrong guesses in a row before the PIN pad locks, and for how long: a 6-digit PIN then takes years to guess. */
export const PIN_ATTEMPTS = 5;
export const PIN_LOCK_MS = 5 * 60_000;

interface PinRow {
  hash: string;
  salt: string;
  params: string;
}

function derive(pin: string, salt: Buffer, params: typeof PARAMS): Promise<Buffer> {
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r };
  return new Promise((resolve, reject) => {
    scrypt(pin.normalize('NFKC'), salt, params.keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/**
 * The secretary's PIN for leaving kiosk mode, stored as an scrypt hash with its salt and parameters (so the
 * cost can rise later without invalidating stored PINs). Repeated wrong guesses lock the pad for a while;
 * the lock lives in memory, so it is a brake on a person at the screen, not on someone with the disk.
 */
export class AdminPin {
  private failures = 0;
  private lockedUntilMs = 0;

  constructor(
    private readonly db: KioskDb,
    private readonly clock: Clock,
  ) {}

  isSet(): boolean {
    return this.db.prepare('SELECT 1 FROM admin_pin WHERE id = 1').get() !== undefined;
  }

  /** Sets the PIN; changing an existing one needs the current PIN. */
  async set(pin: string, currentPin?: string): Promise<void> {
    if (!PIN_FORMAT.test(pin)) throw new KioskError('ERR_ADMIN_PIN_FORMAT', 'the PIN is 4 to 12 digits');
    if (this.isSet()) {
      if (currentPin === undefined || !(await this.verify(currentPin))) throw new KioskError('ERR_ADMIN_PIN_WRONG', 'the current PIN is not right');
    }
    const salt = randomBytes(16);
    const hash = await derive(pin, salt, PARAMS);
    this.db
      .prepare(
        `INSERT INTO admin_pin (id, hash, salt, params, set_at) VALUES (1, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET hash = excluded.hash, salt = excluded.salt, params = excluded.params, set_at = excluded.set_at`,
      )
      .run(hash.toString('base64'), salt.toString('base64'), JSON.stringify(PARAMS), this.clock.now().toISOString());
  }

  /** true when `pin` is the PIN. ERR_ADMIN_PIN_NOT_SET before one is set; ERR_ADMIN_PIN_LOCKED while locked. */
  async verify(pin: string): Promise<boolean> {
    const row = this.db.prepare<[], PinRow>('SELECT hash, salt, params FROM admin_pin WHERE id = 1').get();
    if (!row) throw new KioskError('ERR_ADMIN_PIN_NOT_SET', 'no admin PIN has been set on this kiosk');
    const now = this.clock.now().getTime();
    if (now < this.lockedUntilMs) {
      throw new KioskError('ERR_ADMIN_PIN_LOCKED', 'too many wrong PINs; try again later', { details: { retryInMs: this.lockedUntilMs - now } });
    }
    const expected = Buffer.from(row.hash, 'base64');
    const params = JSON.parse(row.params) as typeof PARAMS;
    const actual = await derive(pin, Buffer.from(row.salt, 'base64'), params);
    const good = actual.length === expected.length && timingSafeEqual(actual, expected);
    if (good) {
      this.failures = 0;
    } else if (++this.failures >= PIN_ATTEMPTS) {
      this.failures = 0;
      this.lockedUntilMs = now + PIN_LOCK_MS;
    }
    return good;
  }
}
