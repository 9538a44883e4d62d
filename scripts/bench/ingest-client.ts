/** Kiosks delivering batches over HTTP, each kiosk one batch at a time, all kiosks at once. */
import { performance } from 'node:perf_hooks';
import type { CryptoKey } from 'jose';
import { signKioskToken } from '../../shared/events/kiosk-token.ts';

export interface SendingKiosk {
  kid: string;
  privateKey: CryptoKey;
}

export interface DeliveryResult {
  seconds: number;
  events: number;
  statuses: Record<string, number>;
  /** per batch, in ms */
  latencies: number[];
}

interface Receipts {
  results?: { status: string; code?: string }[];
}

/** Posts one batch; returns the receipt statuses (rejections by code). */
export async function postBatch(url: string, kiosk: SendingKiosk, body: string): Promise<string[]> {
  const response = await fetch(`${url}/api/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await signKioskToken(kiosk.privateKey, kiosk.kid)}` },
    body,
  });
  const answer = (await response.json()) as Receipts;
  if (response.status !== 200 || !answer.results) throw new Error(`the server answered ${response.status}: ${JSON.stringify(answer).slice(0, 300)}`);
  return answer.results.map((receipt) => (receipt.status === 'rejected' ? `rejected ${receipt.code}` : receipt.status));
}

export const batchBody = (events: string[]): string => JSON.stringify({ events });

/**
 * Delivers each kiosk's batches in order, the kiosks concurrently; `next(kiosk, i)` gives a kiosk's
 * i-th body (pre-built, or made on demand) or undefined when it has no more.
 */
export async function deliver(url: string, kiosks: SendingKiosk[], next: (kiosk: number, batch: number) => Promise<string | undefined>, onBatch?: (events: number) => void): Promise<DeliveryResult> {
  const statuses: Record<string, number> = {};
  const latencies: number[] = [];
  let events = 0;
  const start = performance.now();
  await Promise.all(
    kiosks.map(async (kiosk, k) => {
      for (let i = 0; ; i++) {
        const body = await next(k, i);
        if (body === undefined) return;
        const sent = performance.now();
        const results = await postBatch(url, kiosk, body);
        latencies.push(performance.now() - sent);
        for (const status of results) statuses[status] = (statuses[status] ?? 0) + 1;
        events += results.length;
        onBatch?.(events);
      }
    }),
  );
  return { seconds: (performance.now() - start) / 1000, events, statuses, latencies };
}
