/**
 * A sign-in flood against a server process of its own: BENCH_FLOOD_CLIENTS clients (default 32) posting wrong
 * passwords to POST /api/v1/auth/login as fast as they are answered, for BENCH_FLOOD_SECONDS (default 15), while a
 * person's console reads a page of the audit trail compressed (GET /api/v1/audit?limit=500, gzip: zlib works on the
 * same libuv threads as scrypt), the health check is asked, and another person signs in with the right password.
 * Three phases, the server settling between them:
 *   idle          no flood: what the reads and a sign-in cost alone;
 *   one address   every client from one address, for the username admin (the limits per username and address stop it);
 *   many          each client from an address of its own, a new username each try (only the hash slots stop it).
 * Figures: medians and 95th percentiles of each read and of the sign-in, and what the flood's requests got.
 * Runnable alone: `npm run bench -- sign-in-flood`.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { initAdmin } from '../demo/server-process.ts';
import { settled, startBenchServer, type BenchServer } from './bench-server.ts';
import { median, percentile } from './stats.ts';

const ADMIN = { username: 'admin', password: 'sign-in-flood-1' } as const;
const PERSON = { username: 'secretary-zhang', password: 'sign-in-flood-2' } as const;
/** The person signing in meanwhile comes from an address no flooding client uses. */
const PERSON_ADDRESS = '127.0.0.250';
/** Organisations created first, so the audit page read meanwhile is a full 500 rows worth compressing. */
const ORGS = 600;

interface Answer {
  status: number;
  text: string;
  ms: number;
}

/** One request; `agent` carries the connection (and the address it comes from). */
function send(url: string, agent: Agent, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  const asked = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - asked }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const fromAddress = (localAddress: string): Agent => new Agent({ keepAlive: true, localAddress });

const postJson = (url: string, agent: Agent, body: unknown, token?: string): Promise<Answer> =>
  send(url, agent, { method: 'POST', headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) }, body: JSON.stringify(body) });

/** Asks again and again, `pauseMs` after each answer, until `done`; the times of answers with status `ok`, and the other statuses. */
async function meanwhile(ask: () => Promise<Answer>, ok: number, pauseMs: number, done: () => boolean): Promise<{ ms: number[]; other: Map<string, number> }> {
  const ms: number[] = [];
  const other = new Map<string, number>();
  while (!done()) {
    try {
      const answer = await ask();
      if (answer.status === ok) ms.push(answer.ms);
      else other.set(String(answer.status), (other.get(String(answer.status)) ?? 0) + 1);
    } catch {
      other.set('failed', (other.get('failed') ?? 0) + 1);
    }
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  return { ms, other };
}

type Flood = 'none' | 'one address' | 'many addresses';

/** The flood's clients: each posts a wrong password as soon as its last was answered, until `done`; the statuses they got. */
async function flood(server: BenchServer, kind: Exclude<Flood, 'none'>, clients: number, done: () => boolean, agents: Agent[]): Promise<Map<string, number>> {
  const statuses = new Map<string, number>();
  let tries = 0;
  const client = async (n: number): Promise<void> => {
    const agent = fromAddress(kind === 'one address' ? '127.0.0.2' : `127.0.${1 + Math.floor(n / 200)}.${10 + (n % 200)}`);
    agents.push(agent);
    while (!done()) {
      tries += 1;
      const username = kind === 'one address' ? ADMIN.username : `guess-${n}-${tries}`;
      let status: string;
      try {
        status = String((await postJson(`${server.url}/api/v1/auth/login`, agent, { username, password: `wrong-${tries}` })).status);
      } catch {
        // cut off at the end of the phase, or refused a connection
        status = done() ? 'cut off at the end' : 'failed';
      }
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, n) => client(n)));
  return statuses;
}

const figures = (ms: number[]): string => (ms.length === 0 ? 'no answer'.padStart(22) : `${median(ms).toFixed(1).padStart(9)} / ${percentile(ms, 95).toFixed(1).padStart(8)} ms`);
const counts = (statuses: Map<string, number>): string =>
  [...statuses].sort(([a], [b]) => a.localeCompare(b)).map(([status, count]) => `${status}: ${count}`).join(', ') || '—';

async function phase(server: BenchServer, kind: Flood, seconds: number, clients: number, token: string): Promise<void> {
  await settled(server);
  let over = false;
  const done = (): boolean => over;
  const reader = fromAddress('127.0.0.1');
  const person = fromAddress(PERSON_ADDRESS);
  const agents: Agent[] = [reader, person];
  const floodDone = kind === 'none' ? Promise.resolve(new Map<string, number>()) : flood(server, kind, clients, done, agents);
  const audit = meanwhile(() => send(`${server.url}/api/v1/audit?limit=500`, reader, { headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' } }), 200, 100, done);
  const health = meanwhile(() => send(`${server.url}/healthz`, reader, { headers: { 'accept-encoding': 'gzip' } }), 200, 100, done);
  const signIns = meanwhile(() => postJson(`${server.url}/api/v1/auth/login`, person, PERSON), 200, 500, done);
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  over = true;
  const [reads, checks, signedIn] = await Promise.all([audit, health, signIns]);
  // A flooding request the server has not answered by now (an unlimited server queues hundreds) is cut off.
  for (const agent of agents) agent.destroy();
  const statuses = await floodDone;
  const label = kind === 'none' ? 'idle' : `flood, ${kind}`;
  const refused = signedIn.other.size > 0 ? ` (also ${counts(signedIn.other)})` : '';
  console.log(`  ${label.padEnd(26)}${figures(reads.ms)}${figures(checks.ms)}${figures(signedIn.ms)}${refused}`);
  if (kind !== 'none') console.log(`    the flood's ${clients} clients got: ${counts(statuses)}`);
}

export async function benchSignInFlood(clients = 32, seconds = 15): Promise<void> {
  console.log(`\n== a sign-in flood (${clients} clients, ${seconds} s a phase) and the requests answered meanwhile ==`);
  const work = mkdtempSync(join(tmpdir(), 'mic-bench-sign-in-'));
  try {
    const dataDir = join(work, 'data');
    mkdirSync(dataDir, { mode: 0o700 });
    await initAdmin(dataDir, ADMIN.username, ADMIN.password);
    const server = await startBenchServer(dataDir);
    try {
      const setup = fromAddress('127.0.0.1');
      const signedIn = await postJson(`${server.url}/api/v1/auth/login`, setup, ADMIN);
      const { token } = JSON.parse(signedIn.text) as { token: string };
      const created = await postJson(`${server.url}/api/v1/users`, setup, { ...PERSON, role: 'admin' }, token);
      if (created.status !== 201) throw new Error(`creating the second user answered ${created.status}: ${created.text}`);
      for (let n = 0; n < ORGS; n++) {
        const org = await postJson(`${server.url}/api/v1/orgs`, setup, { code: `FL${n}`, name: `洪水测试第${n}支部`, kind: 'county' }, token);
        if (org.status !== 201) throw new Error(`creating an organisation answered ${org.status}: ${org.text}`);
      }
      setup.destroy();
      console.log(`  ${'phase'.padEnd(26)}${'audit, gzip p50 / p95'.padStart(22)}${'/healthz p50 / p95'.padStart(22)}${'sign-in p50 / p95'.padStart(22)}`);
      for (const kind of ['none', 'one address', 'many addresses'] as const) await phase(server, kind, seconds, clients, token);
      console.log(`  (load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores at the end: other work on the machine stretches the times)`);
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
