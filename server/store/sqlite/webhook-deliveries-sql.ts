import type { ReadableDb, WritableDb } from '../db-handles.ts';
import type { WebhookDelivery, WebhookDeliveryReader, WebhookDeliveryWriter } from '../repositories/webhook-deliveries.ts';
import { statement } from './statements.ts';

export class SqliteWebhookDeliveryReader implements WebhookDeliveryReader {
  constructor(private readonly db: ReadableDb) {}

  async due(now: string, limit: number): Promise<WebhookDelivery[]> {
    return statement(
      this.db,
      `SELECT id, finding_id AS findingId, action, created_at AS createdAt, attempts FROM webhook_deliveries
       WHERE delivered_at IS NULL AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`,
    ).all(now, limit) as WebhookDelivery[];
  }
}

export class SqliteWebhookDeliveryWriter implements WebhookDeliveryWriter {
  constructor(private readonly db: WritableDb) {}

  async delivered(id: number, at: string, attempts: number): Promise<void> {
    statement(this.db, 'UPDATE webhook_deliveries SET delivered_at = ?, attempts = ?, last_error = NULL WHERE id = ?').run(at, attempts, id);
  }

  async failed(id: number, failure: { attempts: number; error: string; nextAttemptAt: string }): Promise<void> {
    statement(this.db, 'UPDATE webhook_deliveries SET attempts = ?, last_error = ?, next_attempt_at = ? WHERE id = ? AND delivered_at IS NULL').run(
      failure.attempts,
      failure.error.slice(0, 1000),
      failure.nextAttemptAt,
      id,
    );
  }
}
