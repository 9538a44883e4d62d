/**
 * Member CSV imports against a server process of its own: a file of valid rows, and a file of invalid ones, each
 * posted while a health check, a member list and a write (an organisation created) are asked for again and again.
 * An import holds the server for as long as it takes unless it gives the event loop back: the figures are the
 * import's own time and how long the other requests waited meanwhile (reads should be answered within ~100 ms
 * throughout; a write waits for the import's one transaction to commit).
 *   BENCH_IMPORT_ROWS          rows of the valid file (default 100,000)
 *   BENCH_IMPORT_INVALID_ROWS  rows of the invalid file (default 300,000)
 * Runnable alone: `npm run bench -- member-import`.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { initAdmin } from '../demo/server-process.ts';
import { startBenchServer, type BenchServer } from './bench-server.ts';
import { benchIdNumber } from './id-numbers.ts';
import { median, percentile } from './stats.ts';

const PASSWORD = 'member-import-1';
const BRANCHES = 20;
/** where the organisations created while an import runs go */
const WRITES_ROOT = 'IWCTY';
/** how long the reads are sampled with no import running, for comparison */
const IDLE_SAMPLE_MS = 3000;
/** The goal: no request waits longer than this while an import runs. */
const ANSWER_TARGET_MS = 100;

const counted = (n: number): string => n.toLocaleString('en-US');
const size = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

function rowsFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a whole number ≥ 1, not ${process.env[name]}`);
  return value;
}

const branchCode = (n: number): string => `IB${String((n % BRANCHES) + 1).padStart(2, '0')}`;
const HEADER = 'member_number,name,id_number,org,since';
const validCsv = (rows: number): string =>
  [HEADER, ...Array.from({ length: rows }, (_, n) => `IM${String(n).padStart(8, '0')},党员${n},${benchIdNumber(n)},${branchCode(n)},2020-01-01`)].join('\n');
/** Every row wrong in two ways (the ID number's check character, the date), so the report is twice the rows. */
const invalidCsv = (rows: number): string =>
  [HEADER, ...Array.from({ length: rows }, (_, n) => `BAD${n},党员${n},${benchIdNumber(n).slice(0, 17)}Y,${branchCode(n)},2020-13-01`)].join('\n');

interface Waits {
  samples: number[];
  /** requests that got no answer (a connection reset while the server was busy) */
  failures: number;
}

/** Sends `request` again and again (each as soon as the last is answered, 10 ms apart) until `done`, noting each wait. */
async function askMeanwhile(request: () => Promise<Response>, done: () => boolean): Promise<Waits> {
  const waits: Waits = { samples: [], failures: 0 };
  while (!done()) {
    const asked = performance.now();
    try {
      const response = await request();
      await response.arrayBuffer();
      if (response.ok) waits.samples.push(performance.now() - asked);
      else waits.failures += 1;
    } catch {
      waits.failures += 1;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return waits;
}

function waitsText(waits: Waits): string {
  const { samples, failures } = waits;
  if (samples.length === 0) return `no answer (${failures} failed)`;
  const longest = Math.max(...samples);
  const failed = failures > 0 ? `, ${failures} failed` : '';
  return `${counted(samples.length)} answers${failed}, p50 ${median(samples).toFixed(1)} ms, p99 ${percentile(samples, 99).toFixed(1)} ms, longest ${longest.toFixed(0)} ms (target < ${ANSWER_TARGET_MS} ms: ${longest < ANSWER_TARGET_MS && failures === 0 ? 'met' : 'NOT met'})`;
}

let orgsWritten = 0;

/** The same reads for a while with no import running: how long they take on this machine, as it is loaded now. */
async function idleWaits(server: BenchServer, token: string): Promise<string> {
  const until = performance.now() + IDLE_SAMPLE_MS;
  const done = (): boolean => performance.now() > until;
  const [health, reads] = await Promise.all([askMeanwhile(healthCheck(server), done), askMeanwhile(memberList(server, token), done)]);
  const summary = (waits: Waits): string => `p50 ${median(waits.samples).toFixed(1)} ms, longest ${Math.max(...waits.samples).toFixed(0)} ms`;
  return `health ${summary(health)}; member list ${summary(reads)}`;
}

const healthCheck = (server: BenchServer) => (): Promise<Response> => fetch(`${server.url}/api/v1/health`);
const memberList = (server: BenchServer, token: string) => (): Promise<Response> => fetch(`${server.url}/api/v1/members?org=IB01`, { headers: { authorization: `Bearer ${token}` } });

async function timedImport(server: BenchServer, token: string, label: string, csv: string): Promise<void> {
  console.log(`  ${label}, before it with no import running: ${await idleWaits(server, token)}`);
  let finished = false;
  const done = (): boolean => finished;
  const health = askMeanwhile(healthCheck(server), done);
  const reads = askMeanwhile(memberList(server, token), done);
  // A write takes its turn on the store's one write lock, which the import holds from its first row written to its commit.
  // Under a root of its own, without members, so the reminders the new organisation sets off cost nothing.
  const writes = askMeanwhile(() => createOrg(server, token, { code: `IW${++orgsWritten}`, name: `写入${orgsWritten}支部`, kind: 'branch', parent: WRITES_ROOT }), done);
  const started = performance.now();
  const response = await fetch(`${server.url}/api/v1/members/import`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, body: csv });
  const reply = await response.text();
  const ms = performance.now() - started;
  finished = true;
  const body = JSON.parse(reply) as { imported?: number; rejected?: number; errors?: unknown[]; errorCount?: number; error?: { code: string } };
  const outcome = response.status === 200 ? `imported ${counted(body.imported ?? 0)}, rejected ${counted(body.rejected ?? 0)}, ${counted(body.errors?.length ?? 0)} errors listed` : `${response.status} ${body.error?.code}`;
  console.log(`    the import (${size(Buffer.byteLength(csv))}): ${(ms / 1000).toFixed(1)} s, ${outcome}, reply ${size(Buffer.byteLength(reply))}`);
  console.log(`    health meanwhile: ${waitsText(await health)}`);
  console.log(`    member list meanwhile: ${waitsText(await reads)}`);
  const written = await writes;
  console.log(`    organisations created meanwhile (writes wait for the import's commit): ${counted(written.samples.length)}, longest wait ${Math.max(0, ...written.samples).toFixed(0)} ms${written.failures > 0 ? `, ${written.failures} failed` : ''}`);
}

const createOrg = (server: BenchServer, token: string, body: Record<string, string>): Promise<Response> =>
  fetch(`${server.url}/api/v1/orgs`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

export async function benchMemberImport(): Promise<void> {
  const validRows = rowsFromEnv('BENCH_IMPORT_ROWS', 100_000);
  const invalidRows = rowsFromEnv('BENCH_IMPORT_INVALID_ROWS', 300_000);
  console.log('\n== member CSV import, and the requests answered while it runs ==');
  const work = mkdtempSync(join(tmpdir(), 'mic-bench-import-'));
  try {
    const dataDir = join(work, 'data');
    mkdirSync(dataDir, { mode: 0o700 });
    await initAdmin(dataDir, 'admin', PASSWORD);
    const server = await startBenchServer(dataDir);
    try {
      const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: PASSWORD }) });
      const { token } = (await login.json()) as { token: string };
      const created = async (body: Record<string, string>): Promise<void> => {
        const response = await createOrg(server, token, body);
        if (response.status !== 201) throw new Error(`creating ${body.code} answered ${response.status}: ${await response.text()}`);
      };
      await created({ code: 'ICTY', name: '导入县委', kind: 'county' });
      await created({ code: WRITES_ROOT, name: '写入县委', kind: 'county' });
      for (let n = 0; n < BRANCHES; n++) await created({ code: branchCode(n), name: `导入第${n + 1}支部`, kind: 'branch', parent: 'ICTY' });
      await timedImport(server, token, `${counted(validRows)} valid rows`, validCsv(validRows));
      await timedImport(server, token, `${counted(invalidRows)} invalid rows`, invalidCsv(invalidRows));
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
