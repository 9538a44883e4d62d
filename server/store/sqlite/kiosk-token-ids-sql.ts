import type { WritableDb } from '../db-handles.ts';
import type { KioskTokenId, KioskTokenIdWriter } from '../repositories/kiosk-token-ids.ts';
import { statement } from './statements.ts';

/** The insert is the check: a row of the same id that has not expired makes it change nothing. */
const REMEMBER = `INSERT INTO kiosk_token_ids (kid, jti, exp) VALUES (:kid, :jti, :exp)
  ON CONFLICT (kid, jti) DO UPDATE SET exp = excluded.exp WHERE kiosk_token_ids.exp < :now`;

export class SqliteKioskTokenIdWriter implements KioskTokenIdWriter {
  constructor(private readonly db: WritableDb) {}

  async remember(id: KioskTokenId, nowSeconds: number): Promise<boolean> {
    return statement(this.db, REMEMBER).run({ kid: id.kid, jti: id.jti, exp: id.exp, now: nowSeconds }).changes === 1;
  }

  async forgetExpired(nowSeconds: number): Promise<number> {
    return statement(this.db, 'DELETE FROM kiosk_token_ids WHERE exp < ?').run(nowSeconds).changes;
  }
}
