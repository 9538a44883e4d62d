/**
 * The console's and auditors' reads on a province (the cached province data set, see province-data.ts): each
 * list and report at the province, a county and a branch, as an admin, timed over HTTP (median of 3), with its
 * size, and how long the server left a health check waiting while it ran: a read the server answers on its
 * main thread holds up every kiosk's upload for as long.
 *   BENCH_READS_TIMEOUT_S  how long one read may take before it counts as failed (default 60)
 * Runnable alone: `npm run bench -- reads`.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { initAdmin } from '../demo/server-process.ts';
import { settled, startBenchServer, type BenchServer } from './bench-server.ts';
import { provinceData, provinceKey, provinceOptionsFromEnv } from './province-data.ts';
import { median } from './stats.ts';

const ROUNDS = 3;
const PASSWORD = 'province-reads-1';
/** The console's meetings page asks for 30 days back and 30 ahead. */
const WINDOW_DAYS = 30;

interface Timed {
  status: number | 'failed';
  ms: number;
  bytes: number;
  /** how long a health check sent while the read ran waited for its answer */
  stallMs: number;
}

/** Codes and ids to read, taken from the data set: the province, its first county and that county's first branch. */
function samples(database: string): { province: string; county: string; branch: string; member: string } {
  const db = new Database(database, { readonly: true });
  try {
    const code = (sql: string, ...params: string[]): string => String(db.prepare(sql).pluck().get(...params));
    const county = code(`SELECT code FROM organisations WHERE depth = 2 ORDER BY id LIMIT 1`);
    return {
      province: code(`SELECT code FROM organisations WHERE depth = 0 ORDER BY id LIMIT 1`),
      county,
      branch: code(`SELECT code FROM organisations WHERE kind = 'branch' AND path >= (SELECT path FROM organisations WHERE code = ?) ORDER BY path LIMIT 1`, county),
      member: code(`SELECT member_number FROM members ORDER BY id LIMIT 1`),
    };
  } finally {
    db.close();
  }
}

function readsOf(s: ReturnType<typeof samples>, now: Date): string[] {
  const day = (offset: number): string => new Date(now.getTime() + offset * 86_400_000).toISOString();
  const window = `from=${day(-WINDOW_DAYS)}&to=${day(WINDOW_DAYS)}`;
  const q = encodeURIComponent;
  return [
    // what any client gets unasked (the first 5,000), and the most it may ask for
    '/orgs',
    '/orgs?limit=10000',
    `/orgs?root=${s.county}`,
    // what the console asks at sign-in: the whole directory if it holds at most 2,500, else the top two levels
    '/orgs?limit=2500',
    '/orgs?depth=1',
    // the organisation picker: a common word, a code's start, a name nothing has (looked up in the search index),
    // and two characters nothing has (too short for the index: every name within reach read)
    `/orgs?q=${q('党支部')}`,
    `/orgs?q=${s.county.slice(0, -1)}`,
    `/orgs?q=${q('无此名称')}`,
    `/orgs?q=${q('无此')}`,
    `/orgs/${s.province}/children`,
    `/members?org=${s.province}`,
    `/members?org=${s.county}`,
    `/meetings?org=${s.branch}&${window}`,
    `/meetings?org=${s.county}&${window}`,
    `/kiosks?org=${s.province}`,
    `/kiosks?search=${q('签到机')}`,
    '/kiosks?search=no-such-kiosk',
    `/transfers?org=${s.province}`,
    `/mobile-periods?org=${s.county}`,
    `/audit?org=${s.province}`,
    `/alarms?org=${s.province}`,
    `/findings?org=${s.province}`,
    `/findings/summary?org=${s.province}`,
    `/members/${s.member}/history`,
    `/orgs/${s.branch}/history`,
    `/flows?root=${s.county}`,
    '/flows',
    // the largest last: before it was paged, it took the server down
    `/meetings?org=${s.province}&${window}`,
  ];
}

async function timedRead(server: BenchServer, token: string, path: string, timeoutMs: number): Promise<Timed> {
  const start = performance.now();
  const reading = fetch(`${server.url}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(timeoutMs) }).then(
    async (response) => ({ status: response.status, bytes: (await response.arrayBuffer()).byteLength }),
    () => ({ status: 'failed' as const, bytes: 0 }),
  );
  // Sent a moment after the read, so it arrives while the server works on it.
  await new Promise((resolve) => setTimeout(resolve, 5));
  const asked = performance.now();
  const health = fetch(`${server.url}/api/v1/health`, { signal: AbortSignal.timeout(timeoutMs) }).then(
    () => performance.now() - asked,
    () => timeoutMs,
  );
  const { status, bytes } = await reading;
  const ms = performance.now() - start;
  return { status, ms, bytes, stallMs: await health };
}

const size = (bytes: number): string => (bytes >= 2 ** 20 ? `${(bytes / 2 ** 20).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`);

export async function benchProvinceReads(): Promise<void> {
  console.log('\n== the console\'s and auditors\' reads on a province ==');
  const options = provinceOptionsFromEnv();
  const data = await provinceData(options);
  console.log(`  data set ${provinceKey(options)}: ${data.manifest.counts.organisations.toLocaleString('en-US')} organisations, ${data.manifest.counts.members.toLocaleString('en-US')} members, ${data.manifest.counts.meetings.toLocaleString('en-US')} meetings`);
  const work = mkdtempSync(join(tmpdir(), 'mic-bench-reads-'));
  try {
    const dataDir = join(work, 'data');
    mkdirSync(dataDir, { mode: 0o700 });
    process.stderr.write('    copying the data set…\n');
    copyFileSync(data.database, join(dataDir, 'member-card.db'));
    await initAdmin(dataDir, 'admin', PASSWORD);
    await timeProvinceReads(dataDir, PASSWORD, new Date(data.manifest.anchor));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The reads, on a server started on `dataDir` (a province data set with an admin `admin` signing in with `password`). */
export async function timeProvinceReads(dataDir: string, password: string, anchor: Date): Promise<void> {
  const timeoutMs = Number(process.env.BENCH_READS_TIMEOUT_S ?? 60) * 1000;
  const server = await startBenchServer(dataDir);
  try {
    process.stderr.write('    waiting for the server to settle (its start-up full run)…\n');
    await settled(server);
    const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });
    const { token } = (await login.json()) as { token: string };

    console.log(`  ${'read'.padEnd(64)} ${'status'.padStart(6)} ${'median'.padStart(10)} ${'size'.padStart(10)} ${'health waited'.padStart(14)}`);
    for (const path of readsOf(samples(join(dataDir, 'member-card.db')), anchor)) {
      const runs: Timed[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const run = await timedRead(server, token, path, timeoutMs);
        runs.push(run);
        if (run.status === 'failed') break;
      }
      const last = runs.at(-1)!;
      const status = last.status === 'failed' ? `no answer within ${timeoutMs / 1000} s` : String(last.status);
      console.log(`  ${path.padEnd(64)} ${status.padStart(6)} ${`${median(runs.map((run) => run.ms)).toFixed(0)} ms`.padStart(10)} ${size(last.bytes).padStart(10)} ${`${median(runs.map((run) => run.stallMs)).toFixed(0)} ms`.padStart(14)}`);
      // A server that did not answer may still be at it (or have died): later figures would mean nothing.
      if (last.status === 'failed') break;
    }
  } finally {
    await server.stop();
  }
}
