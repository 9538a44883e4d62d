import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initialiseFirstAdmin } from '../../../server/domain/users.ts';
import { startServer, type RunningServer, type StartOptions } from '../../../server/http-server.ts';
import type { RouteDefinition } from '../../../server/http/route.ts';
import { call, expectOk, type ApiResponse, type CallOptions } from './http.ts';
import { newKioskKey, signKioskToken, type KioskKey, type KioskTokenOverrides } from './kiosk-keys.ts';
import { TestClock } from './test-clock.ts';
import { EnrollResultSchema, EnrolmentTokenSchema } from '../../../server/schemas/kiosks.ts';
import { LoginResultSchema } from '../../../server/schemas/users.ts';

export const ADMIN = { username: 'admin', password: 'admin-password-1' } as const;
const ADMIN_SESSION_REUSE_MS = 10 * 60_000;

export interface EnrolledKiosk extends KioskKey {
  org: string;
}

export interface TestServer {
  url: string;
  dataDir: string;
  clock: TestClock;
  /** the running server: its context (store, keys) and its SQLite handles */
  server: RunningServer;
  /** one HTTP request to this server */
  call(method: string, path: string, options?: CallOptions): Promise<ApiResponse>;
  /**
   * A session token for the admin created at start, valid on the server's clock: signed in again once the
   * clock has moved more than 10 minutes since the last sign-in (sessions last 30), so tests that move the
   * clock by days keep a working session.
   */
  adminToken(): Promise<string>;
  login(username: string, password: string): Promise<string>;
  /** the organisation's day (YYYY-MM-DD) of an instant, as the server counts days: in its time zone */
  dayOf(date: Date): string;
  /** the organisation's today on the server's clock */
  today(): string;
  /** a fresh kiosk bearer token on the server's clock (override anything to make a bad one) */
  kioskToken(kiosk: KioskKey, overrides?: KioskTokenOverrides): Promise<string>;
  /** creates an enrolment token for `org` as admin and enrols a new kiosk key with it */
  enrollKiosk(org: string, name?: string): Promise<EnrolledKiosk>;
  /**
   * stops the server and deletes its data folder (unless keepData, or the test gave the folder); safe to call
   * again, so a test that kept the data can still remove it in a finally
   */
  close(options?: { keepData?: boolean }): Promise<void>;
}

export interface TestServerOptions {
  /** an existing data folder (restart tests); a fresh temp folder otherwise */
  dataDir?: string;
  clock?: TestClock;
  /** the organisation's time zone (MIC_TIME_ZONE); the server's default, Asia/Shanghai, when left out */
  timeZone?: string;
  extraRoutes?: RouteDefinition[];
  /** create the admin user ADMIN (default true) */
  withAdmin?: boolean;
  /** a webhook receiver, and the deliverer's timing */
  webhookUrl?: string;
  webhookDelivery?: StartOptions['webhookDelivery'];
  /** where the server logs (silent when left out) */
  logger?: StartOptions['logger'];
  /** how long a request may take to arrive (the server's default when left out) */
  requestTimeoutMs?: number;
  /** sign-in limits other than the server's own (SIGN_IN_LIMITS) */
  signInLimits?: StartOptions['signInLimits'];
}

/**
 * Starts the real server on port 0 with a temporary data folder and real SQLite files. Replies are
 * checked against their declared schemas, so a test that passes also proves the OpenAPI document.
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'mic-server-'));
  const removeData = (): void => {
    if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  // A start that fails hands the test nothing to close, so it cleans up after itself.
  const failed = (error: unknown): never => {
    removeData();
    throw error;
  };
  const clock = options.clock ?? new TestClock();
  const server = await startServer({
    dataDir,
    port: 0,
    clock,
    ...(options.timeZone !== undefined && { timeZone: options.timeZone }),
    checkResponses: true,
    extraRoutes: options.extraRoutes,
    ...(options.logger !== undefined && { logger: options.logger }),
    ...(options.requestTimeoutMs !== undefined && { requestTimeoutMs: options.requestTimeoutMs }),
    ...(options.signInLimits !== undefined && { signInLimits: options.signInLimits }),
    ...(options.webhookUrl !== undefined && { webhookUrl: options.webhookUrl, webhookDelivery: options.webhookDelivery }),
  }).catch(failed);
  if (options.withAdmin ?? true) {
    try {
      if ((await server.context.read.users.countAdmins()) === 0) {
        await initialiseFirstAdmin(server.context, { kind: 'operator', name: 'test' }, ADMIN.username, ADMIN.password);
      }
    } catch (error) {
      await server.close(1000);
      failed(error);
    }
  }
  let admin: { token: string; at: number } | undefined;
  const testServer: TestServer = {
    url: server.url,
    dataDir,
    clock,
    server,
    call: (method, path, callOptions) => call(server.url, method, path, callOptions),
    async login(username, password) {
      const response = await call(server.url, 'POST', '/api/v1/auth/login', { json: { username, password } });
      return expectOk(response, 200, LoginResultSchema).token;
    },
    async adminToken() {
      const now = clock.now().getTime();
      if (!admin || Math.abs(now - admin.at) >= ADMIN_SESSION_REUSE_MS) admin = { token: await testServer.login(ADMIN.username, ADMIN.password), at: now };
      return admin.token;
    },
    dayOf: (date) => server.context.calendar.dayOf(date),
    today: () => server.context.calendar.dayOf(clock.now()),
    kioskToken: (kiosk, overrides = {}) => signKioskToken(kiosk, { now: clock.now(), ...overrides }),
    async enrollKiosk(org, name = 'test kiosk') {
      const token = expectOk(
        await testServer.call('POST', '/api/v1/kiosks/enrolment-tokens', { token: await testServer.adminToken(), json: { org } }),
        201,
        EnrolmentTokenSchema,
      ).token;
      const key = await newKioskKey();
      expectOk(await testServer.call('POST', '/api/v1/kiosks/enroll', { json: { token, name, jwk: key.publicJwk } }), 201, EnrollResultSchema);
      return { ...key, org };
    },
    async close(closeOptions) {
      await server.close(1000);
      if (!closeOptions?.keepData) removeData();
    },
  };
  return testServer;
}
