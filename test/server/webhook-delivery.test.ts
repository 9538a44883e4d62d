import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { compactVerify, decodeProtectedHeader, importJWK } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { configFromEnv } from '../../server/config.ts';
import { DiagnosticsEngine } from '../../server/domain/diagnostics/engine.ts';
import { kioskRules } from '../../server/domain/diagnostics/rules/kiosks.ts';
import { retryDelayMs, WebhookDeliverer } from '../../server/domain/diagnostics/webhook-delivery.ts';
import { ServerPublicKeySchema } from '../../server/schemas/kiosks.ts';
import { createTree } from './support/fixtures.ts';
import { expectOk } from './support/http.ts';
import { openDatabase } from './support/ingest-world.ts';
import { TestClock } from './support/test-clock.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

const HOUR_MS = 3_600_000;
const FAST = { pollMs: 20 };

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on a real port: answers `status` (or nothing at all), and keeps what it got. */
class Receiver {
  readonly received: Received[] = [];
  status = 200;
  silent = false;
  private server: Server | undefined;

  private constructor(public port: number) {}

  static async start(port = 0): Promise<Receiver> {
    const receiver = new Receiver(port);
    await receiver.listen();
    return receiver;
  }

  /** a port where nothing listens: connections are refused */
  static async closedPort(): Promise<Receiver> {
    const receiver = await Receiver.start();
    await receiver.stop();
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks/findings`;
  }

  async listen(): Promise<void> {
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        this.received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        if (!this.silent) response.writeHead(this.status).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', () => resolve()));
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

interface DeliveryRow {
  id: number;
  finding_id: number;
  action: string;
  attempts: number;
  next_attempt_at: string;
  delivered_at: string | null;
  last_error: string | null;
}

const deliveries = (t: TestServer): DeliveryRow[] => {
  const db = openDatabase(t.dataDir);
  try {
    return db.prepare('SELECT id, finding_id, action, attempts, next_attempt_at, delivered_at, last_error FROM webhook_deliveries ORDER BY id').all() as DeliveryRow[];
  } finally {
    db.close();
  }
};

async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * The kiosk rules on the server's store, queueing deliveries as the server's engine does with a webhook
 * configured; only the family under test runs, so other families' findings do not mix in.
 */
const kioskDiagnostics = (t: TestServer): DiagnosticsEngine => {
  const { read, write, clock, calendar, logger } = t.server.context;
  return new DiagnosticsEngine({ read, write, clock, calendar, logger }, { webhook: true, rules: [kioskRules] });
};

/** A kiosk in A1 that is never heard from after enrolment; `silentFor` later the rules find it silent. */
async function silentKiosk(t: TestServer, silentForMs: number, engine: Pick<DiagnosticsEngine, 'runFull'> = kioskDiagnostics(t)): Promise<string> {
  await createTree(t);
  const kiosk = await t.enrollKiosk('A1', '甲镇一支部签到机');
  t.clock.advance(silentForMs);
  await engine.runFull();
  return kiosk.kid;
}

const payloadOf = (jws: string): Record<string, unknown> => JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;

describe('the findings webhook', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanup.length > 0) await cleanup.pop()!();
  });
  const started = async (options: Parameters<typeof startTestServer>[0]): Promise<TestServer> => {
    const t = await startTestServer(options);
    cleanup.push(() => t.close());
    return t;
  };
  const receiving = async (port?: number): Promise<Receiver> => {
    const receiver = await Receiver.start(port);
    cleanup.push(() => receiver.stop());
    return receiver;
  };

  it('when a finding opens and then escalates, then each is POSTed as a JWS signed with the server key, which the receiver verifies with GET /api/v1/server-key', async () => {
    const receiver = await receiving();
    const t = await started({ webhookUrl: receiver.url, webhookDelivery: FAST });
    const kid = await silentKiosk(t, 73 * HOUR_MS);
    await waitFor('the opened finding', () => receiver.received.length >= 1);

    const serverKey = expectOk(await t.call('GET', '/api/v1/server-key'), 200, ServerPublicKeySchema);
    const key = await importJWK(serverKey, 'EdDSA');
    const [opened] = receiver.received;
    expect(opened!.headers['content-type']).toBe('application/jose');
    expect(decodeProtectedHeader(opened!.body)).toEqual({ alg: 'EdDSA', kid: serverKey.kid, typ: 'mic-finding+jws' });
    const verified = JSON.parse(new TextDecoder().decode((await compactVerify(opened!.body, key, { algorithms: ['EdDSA'] })).payload)) as Record<string, unknown>;
    const [row] = deliveries(t);
    expect(opened!.headers['mic-delivery']).toBe(String(row!.id));
    expect(verified).toMatchObject({
      delivery: row!.id,
      action: 'opened',
      finding: {
        id: row!.finding_id,
        rule: 'kiosk-silent',
        severity: 'warning',
        status: 'open',
        subject: `kiosk:${kid}`,
        org: { code: 'A1', name: '甲镇第一支部' },
        people: [],
        facts: { kiosk: '甲镇一支部签到机', pending: null },
        evidence: [{ kind: 'kiosk', id: kid }],
        explanation: { zh: { title: '签到机“甲镇一支部签到机”已失去联系' }, en: { title: 'Kiosk "甲镇一支部签到机" has gone silent' } },
      },
    });
    expect(verified.at).toBe(t.clock.now().toISOString());
    await waitFor('the delivery to be marked', () => deliveries(t)[0]?.delivered_at !== null);
    expect(deliveries(t)[0]).toMatchObject({ attempts: 1, delivered_at: t.clock.now().toISOString(), last_error: null });

    // A forged copy (payload changed, signature kept) does not verify.
    const [header, , signature] = opened!.body.split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...verified, action: 'escalated' })).toString('base64url')}.${signature}`;
    await expect(compactVerify(forged, key)).rejects.toThrow();

    t.clock.advance(3 * 72 * HOUR_MS);
    await kioskDiagnostics(t).runFull();
    await waitFor('the escalation', () => receiver.received.length >= 2);
    expect(payloadOf(receiver.received[1]!.body)).toMatchObject({ action: 'escalated', finding: { id: row!.finding_id, severity: 'serious' } });
  });

  it('when the receiver refuses connections, then answers 500, then 200, then the delivery is retried with doubling back-off and delivered once it is taken', async () => {
    const down = await Receiver.closedPort();
    // random = 1 − ε: each delay is its ceiling less a millisecond, so the back-off shows exactly.
    const t = await started({ webhookUrl: down.url, webhookDelivery: { ...FAST, random: () => 0.999_999 } });
    await silentKiosk(t, 73 * HOUR_MS);
    const first = await waitFor('the first failed attempt', () => deliveries(t).find((row) => row.attempts === 1));
    const failedAt = t.clock.now().getTime();
    expect(first).toMatchObject({ delivered_at: null, last_error: 'ECONNREFUSED', next_attempt_at: new Date(failedAt + 999).toISOString() });

    // Not due yet: nothing happens however long the poll runs.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(deliveries(t)[0]!.attempts).toBe(1);

    const receiver = await receiving(down.port);
    receiver.status = 500;
    t.clock.advance(999);
    const second = await waitFor('the second attempt', () => deliveries(t).find((row) => row.attempts === 2));
    expect(second).toMatchObject({ delivered_at: null, last_error: 'HTTP 500', next_attempt_at: new Date(t.clock.now().getTime() + 1_999).toISOString() });
    expect(receiver.received).toHaveLength(1);

    receiver.status = 204;
    t.clock.advance(1_999);
    const delivered = await waitFor('the delivery', () => deliveries(t).find((row) => row.delivered_at !== null));
    expect(delivered).toMatchObject({ attempts: 3, last_error: null });
    expect(receiver.received.map((request) => request.headers['mic-delivery'])).toEqual([String(delivered.id), String(delivered.id)]);
    // Delivered: never sent again.
    t.clock.advance(HOUR_MS);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(receiver.received).toHaveLength(2);
  });

  it('when the receiver does not answer within the timeout, then the attempt fails and is retried later', async () => {
    const receiver = await receiving();
    receiver.silent = true;
    const t = await started({ webhookUrl: receiver.url, webhookDelivery: { ...FAST, timeoutMs: 200 } });
    await silentKiosk(t, 73 * HOUR_MS);
    expect(await waitFor('the timed-out attempt', () => deliveries(t).find((row) => row.attempts === 1))).toMatchObject({ last_error: 'no answer within 200 ms', delivered_at: null });
  });

  it('when the server restarts with a delivery still due, then it is delivered after the restart', async () => {
    const down = await Receiver.closedPort();
    const clock = new TestClock();
    const dataDir = mkdtempSync(join(tmpdir(), 'mic-webhook-'));
    cleanup.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const first = await started({ dataDir, clock, webhookUrl: down.url, webhookDelivery: FAST });
    await silentKiosk(first, 73 * HOUR_MS);
    await waitFor('a failed attempt', () => deliveries(first).find((row) => row.attempts === 1));
    const [queued] = deliveries(first);
    await first.close();

    const receiver = await receiving(down.port);
    clock.advance(HOUR_MS);
    const second = await started({ dataDir, clock, webhookUrl: receiver.url, webhookDelivery: FAST });
    await waitFor('the delivery after restart', () => deliveries(second).find((row) => row.id === queued!.id && row.delivered_at !== null));
    expect(receiver.received.filter((request) => request.headers['mic-delivery'] === String(queued!.id))).toHaveLength(1);
    // The finding was already open: the restart's full run found it unchanged and queued nothing new for it.
    expect(deliveries(second).filter((row) => row.finding_id === queued!.finding_id)).toHaveLength(1);
  });

  it('when a failed delivery is due again at once (a zero delay), then one pass tries it only once', async () => {
    const down = await Receiver.closedPort();
    const t = await started({});
    await silentKiosk(t, 73 * HOUR_MS);
    const deliverer = new WebhookDeliverer(t.server.context, { url: down.url, random: () => 0 });
    expect(await deliverer.deliverDue()).toBe(0);
    expect(deliveries(t)).toMatchObject([{ attempts: 1, last_error: 'ECONNREFUSED', next_attempt_at: t.clock.now().toISOString() }]);
  });

  it('when the server runs its own rules, then it queues a delivery per finding opened only when a webhook is configured', async () => {
    const silentDeliveries = (t: TestServer): DeliveryRow[] => {
      const db = openDatabase(t.dataDir);
      try {
        return db
          .prepare("SELECT d.id, d.action FROM webhook_deliveries d JOIN findings f ON f.id = d.finding_id WHERE f.rule = 'kiosk-silent'")
          .all() as DeliveryRow[];
      } finally {
        db.close();
      }
    };
    const receiver = await receiving();
    const withHook = await started({ webhookUrl: receiver.url, webhookDelivery: FAST });
    await silentKiosk(withHook, 73 * HOUR_MS, withHook.server.context.diagnostics);
    expect(silentDeliveries(withHook)).toMatchObject([{ action: 'opened' }]);

    const without = await started({});
    await silentKiosk(without, 73 * HOUR_MS, without.server.context.diagnostics);
    const db = openDatabase(without.dataDir);
    try {
      expect(db.prepare("SELECT count(*) FROM findings WHERE rule = 'kiosk-silent'").pluck().get()).toBe(1);
    } finally {
      db.close();
    }
    expect(deliveries(without)).toEqual([]);
  });
});

describe('webhook back-off', () => {
  it('when attempts fail one after another, then the ceiling doubles from 1 s and stops at 15 minutes, the delay a random share of it', () => {
    const backoff = { baseMs: 1_000, capMs: 15 * 60_000 };
    const ceilings = [1, 2, 3, 4, 10, 11, 30].map((attempts) => retryDelayMs(attempts, backoff, () => 0.999_999_9));
    expect(ceilings).toEqual([999, 1_999, 3_999, 7_999, 511_999, 899_999, 899_999]);
    expect(retryDelayMs(5, backoff, () => 0)).toBe(0);
    expect(retryDelayMs(5, backoff, () => 0.5)).toBe(8_000);
  });
});

describe('MIC_WEBHOOK_URL', () => {
  it('when set to an http(s) URL, then the server posts findings there; other schemes and URLs with credentials stop the start', () => {
    expect(configFromEnv({ MIC_WEBHOOK_URL: 'https://hooks.example.org/mic?channel=7' }).webhookUrl).toBe('https://hooks.example.org/mic?channel=7');
    expect(configFromEnv({}).webhookUrl).toBeUndefined();
    for (const bad of ['ftp://hooks.example.org/', 'https://user:secret@hooks.example.org/', 'not a url']) {
      expect(() => configFromEnv({ MIC_WEBHOOK_URL: bad }), bad).toThrow(expect.objectContaining({ code: 'ERR_CONFIG_INVALID' }));
    }
  });
});
