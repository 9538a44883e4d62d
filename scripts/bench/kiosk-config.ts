/**
 * A kiosk's configuration pull (GET /api/v1/kiosk/config, every 60 s from every kiosk) on a county of
 * BENCH_CONFIG_MEMBERS members (default 100,000) in one tree, the server as its own process. Each round a member joins
 * the county through the API, then
 *   - the first kiosk pulls with its last ETag: the full answer after a change;
 *   - the second kiosk of the same branch does the same: the full answer again, for the same configuration;
 *   - the first kiosk pulls three times more with the ETag it was just given: unchanged, 304.
 * Over BENCH_CONFIG_ROUNDS rounds (default 5): the median time to the answer, the CPU time the server used per pull (a
 * mean; the figure least disturbed by other work on the machine), and then, in as many rounds again, the longest a
 * health check asked every 20 ms meanwhile (the first one 2 ms after the pull) waited: a pull answered on the server's
 * main thread holds up every other request (every kiosk's upload) for as long.
 * Runnable alone: `npm run bench -- kiosk-config`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { signKioskToken } from '../../shared/events/kiosk-token.ts';
import { settled, startBenchServer, type BenchServer } from './bench-server.ts';
import { benchIdNumber } from './id-numbers.ts';
import { buildConfigFixture, FIXTURE_ADMIN, type ConfigFixture, type ConfigKiosk } from './kiosk-config-fixture.ts';
import { median } from './stats.ts';

const UNCHANGED_PULLS = 3;
const HEALTH_EVERY_MS = 20;

interface Answer {
  status: number;
  etag: string | undefined;
  /** the body as sent (gzip) and as read */
  wireBytes: number;
  bytes: number;
  text: string;
}

/**
 * One request on a connection of its own (no keep-alive): a socket left idle while the server settles could be
 * closed by the server just as the next request goes out on it.
 */
function send(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: { 'accept-encoding': 'gzip', ...options.headers }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const wire = Buffer.concat(chunks);
        const body = res.headers['content-encoding'] === 'gzip' ? gunzipSync(wire) : wire;
        resolve({ status: res.statusCode ?? 0, etag: res.headers.etag, wireBytes: wire.byteLength, bytes: body.byteLength, text: body.toString('utf8') });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

interface Pull {
  status: number;
  ms: number;
  /** CPU time the server process used meanwhile (all threads; the clock ticks in 10 ms steps, so read it as a mean) */
  cpuMs: number;
  bytes: number;
  wireBytes: number;
  etag: string | undefined;
  /** the longest a health check waited while the pull ran (watched pulls only) */
  stallMs: number;
}

async function pull(server: BenchServer, kiosk: ConfigKiosk, etag: string | undefined, watch: boolean): Promise<Pull> {
  const headers: Record<string, string> = { authorization: `Bearer ${await signKioskToken(kiosk.privateKey, kiosk.kid)}` };
  if (etag !== undefined) headers['if-none-match'] = etag;
  const cpuBefore = server.cpuSeconds();
  const start = performance.now();
  let answered = false;
  const pulling = send(`${server.url}/api/v1/kiosk/config`, { headers }).finally(() => (answered = true));
  let stallMs = 0;
  // The first check goes a moment after the pull, so it arrives while the server works on it.
  for (let pause = 2; watch && !answered; pause = HEALTH_EVERY_MS) {
    await new Promise((resolve) => setTimeout(resolve, pause));
    const asked = performance.now();
    await send(`${server.url}/api/v1/health`);
    stallMs = Math.max(stallMs, performance.now() - asked);
  }
  const answer = await pulling;
  const ms = performance.now() - start;
  if (answer.status !== 200 && answer.status !== 304) throw new Error(`the configuration answered ${answer.status}: ${answer.text.slice(0, 300)}`);
  return { status: answer.status, ms, cpuMs: (server.cpuSeconds() - cpuBefore) * 1000, bytes: answer.bytes, wireBytes: answer.wireBytes, etag: answer.etag, stallMs };
}

interface Pulls {
  changed: Pull[];
  again: Pull[];
  unchanged: Pull[];
}

/** The rounds: a change, then each kiosk's pull after it, then the first kiosk's pulls of the unchanged configuration. */
async function rounds(server: BenchServer, fixture: ConfigFixture, count: number, watch: boolean, firstMember: number): Promise<Pulls> {
  const login = await send(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(FIXTURE_ADMIN) });
  const { token } = JSON.parse(login.text) as { token: string };
  const [first, second] = fixture.kiosks;
  let firstEtag = (await pull(server, first, undefined, false)).etag;
  let secondEtag = (await pull(server, second, undefined, false)).etag;
  const pulls: Pulls = { changed: [], again: [], unchanged: [] };
  for (let round = 0; round < count; round++) {
    const n = firstMember + round;
    const joined = await send(`${server.url}/api/v1/members`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ memberNumber: `KN${String(n).padStart(7, '0')}`, name: `新党员${n}`, idNumber: benchIdNumber(n), homeOrg: fixture.branch }),
    });
    if (joined.status !== 201) throw new Error(`adding a member answered ${joined.status}: ${joined.text}`);
    // The reminders follow the change off the request path: their work is not the pull's.
    await settled(server);
    const byFirst = await pull(server, first, firstEtag, watch);
    const bySecond = await pull(server, second, secondEtag, watch);
    pulls.changed.push(byFirst);
    pulls.again.push(bySecond);
    firstEtag = byFirst.etag;
    secondEtag = bySecond.etag;
    for (let i = 0; i < UNCHANGED_PULLS; i++) pulls.unchanged.push(await pull(server, first, firstEtag, watch));
  }
  return pulls;
}

const size = (bytes: number): string => (bytes >= 2 ** 20 ? `${(bytes / 2 ** 20).toFixed(1)} MiB` : bytes >= 1024 ? `${(bytes / 1024).toFixed(0)} KiB` : `${bytes} B`);
const COLUMNS = ['status', 'median', 'server CPU', 'health max', 'size', 'gzipped'];

function line(label: string, timed: Pull[], watched: Pull[]): string {
  const ms = (value: number): string => `${value.toFixed(1)} ms`;
  const cells = [
    [...new Set(timed.map((p) => p.status))].join('/'),
    ms(median(timed.map((p) => p.ms))),
    ms(timed.reduce((sum, p) => sum + p.cpuMs, 0) / timed.length),
    ms(Math.max(...watched.map((p) => p.stallMs))),
    size(median(timed.map((p) => p.bytes))),
    size(median(timed.map((p) => p.wireBytes))),
  ];
  return `  ${label.padEnd(44)}${cells.map((cell) => cell.padStart(12)).join('')}`;
}

export async function benchKioskConfig(members = 100_000, count = 5): Promise<void> {
  console.log(`\n== a kiosk's configuration pull, ${members.toLocaleString('en-US')} members in its tree ==`);
  const work = mkdtempSync(join(tmpdir(), 'mic-bench-kiosk-config-'));
  try {
    process.stderr.write(`  building the county (${members.toLocaleString('en-US')} members)…\n`);
    const fixture = await buildConfigFixture(work, members, (progress) => process.stderr.write(`    ${progress}\n`));
    const server = await startBenchServer(fixture.dataDir);
    try {
      process.stderr.write('    waiting for the server to settle (its start-up full run)…\n');
      await settled(server);
      const timed = await rounds(server, fixture, count, false, fixture.nextIdNumber);
      const watched = await rounds(server, fixture, count, true, fixture.nextIdNumber + count);
      console.log(`  ${'pull'.padEnd(44)}${COLUMNS.map((column) => column.padStart(12)).join('')}`);
      console.log(line('after a change (first kiosk)', timed.changed, watched.changed));
      console.log(line('after a change (second kiosk, same branch)', timed.again, watched.again));
      console.log(line('unchanged (If-None-Match)', timed.unchanged, watched.unchanged));
      console.log(`  (load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores at the end: other work on the machine stretches the times)`);
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
