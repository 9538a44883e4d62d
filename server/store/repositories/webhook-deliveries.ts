/** A finding the webhook has to announce: written with the finding, sent until the receiver answers 2xx. */
export interface WebhookDelivery {
  id: number;
  findingId: number;
  action: 'opened' | 'escalated';
  createdAt: string;
  /** attempts made so far */
  attempts: number;
}

export interface WebhookDeliveryReader {
  /** undelivered rows due at `now`, oldest due first */
  due(now: string, limit: number): Promise<WebhookDelivery[]>;
}

export interface WebhookDeliveryWriter {
  delivered(id: number, at: string, attempts: number): Promise<void>;
  /** the attempt failed: remember why, and when to try again */
  failed(id: number, failure: { attempts: number; error: string; nextAttemptAt: string }): Promise<void>;
}
