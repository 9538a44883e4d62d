import { ApiError } from '../../errors.ts';
import { IssuerJwkSchema, type IssuerJwk } from '../../../shared/verify/jwk.ts';
import type { ReadableDb, WritableDb } from '../db-handles.ts';
import type { AuditActor } from '../repositories/audit.ts';
import type { IssuerReader, IssuerWriter } from '../repositories/issuers.ts';
import { insertAudit } from './audit-sql.ts';
import { statement, uniqueViolation } from './statements.ts';

export class SqliteIssuerReader implements IssuerReader {
  constructor(private readonly db: ReadableDb) {}

  async all(): Promise<IssuerJwk[]> {
    const rows = statement(this.db, 'SELECT jwk FROM issuers ORDER BY registered_at, kid').pluck().all() as string[];
    return rows.map((jwk) => IssuerJwkSchema.parse(JSON.parse(jwk)));
  }
}

export class SqliteIssuerWriter implements IssuerWriter {
  constructor(private readonly db: WritableDb) {}

  async register(jwk: IssuerJwk, now: string, actor: AuditActor): Promise<void> {
    this.db.transaction(() => {
      try {
        statement(this.db, 'INSERT INTO issuers (kid, iss, jwk, registered_at) VALUES (?, ?, ?, ?)').run(jwk.kid, jwk.iss, JSON.stringify(jwk), now);
      } catch (error) {
        if (uniqueViolation(error) === 'issuers.kid') throw new ApiError('ERR_ISSUER_ALREADY_REGISTERED', `issuer key ${jwk.kid} is already registered`);
        throw error;
      }
      insertAudit(this.db, { at: now, actor, action: 'issuer.register', targetType: 'issuer', targetId: jwk.kid, orgId: null, summary: { after: { iss: jwk.iss, kid: jwk.kid } } });
    }).immediate();
  }
}
