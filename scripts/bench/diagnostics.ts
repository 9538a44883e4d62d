/**
 * Diagnostics on a province (issue 7's figures), on a copy of the cached province data set:
 * (a) the full recomputation: three runs, each in a process of its own (its peak memory is the run's);
 *     the first opens the findings, the later ones find them unchanged; then each rule family alone.
 * (b) the incremental cost per ingested batch: real signed check-ins (batches of 500) posted to a server
 *     started on the same copy, and after each batch the engine's incremental run over what the batch
 *     touched (its members, the meeting's organisation, the kiosk), timed apart from the ingest.
 *   BENCH_DIAGNOSTICS_BATCHES  batches for (b) (default 40)
 *   and the province's sizes (see province-data.ts)
 * Runnable alone: `npm run bench:diagnostics`.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pino from 'pino';
import { loadKioskKey } from '../../shared/events/kiosk-key.ts';
import { DiagnosticsEngine, type RunSummary } from '../../server/domain/diagnostics/engine.ts';
import { emptyScope, type Scope } from '../../server/domain/diagnostics/finding.ts';
import { DEFAULT_TIME_ZONE, OrgCalendar } from '../../shared/org-calendar.ts';
import { openSqliteStore } from '../../server/store/sqlite/open-sqlite-store.ts';
import { settled, startBenchServer } from './bench-server.ts';
import type { FullRunReport } from './diagnostics-full.ts';
import { EventGenerator } from './event-generator.ts';
import { batchBody, postBatch, type SendingKiosk } from './ingest-client.ts';
import { provinceData, provinceKey, provinceOptionsFromEnv, type ProvinceData } from './province-data.ts';
import { buildProvinceIngestFixture, type ProvinceIngestFixture } from './province-ingest-fixture.ts';
import { median, ms } from './stats.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);
const BATCH = 500;
const KIOSKS = 4;
const FULL_RUN_TARGET_S = 60;
const INCREMENTAL_TARGET = 0.05;

const seconds = (msValue: number): string => `${(msValue / 1000).toFixed(1)} s`;
const counted = (n: number): string => n.toLocaleString('en-US');
const pct = (value: number): string => `${(100 * value).toFixed(2)}%`;
const summaryText = (s: RunSummary): string => `opened ${counted(s.opened)}, escalated ${s.escalated}, eased ${s.eased}, resolved ${s.resolved}, unchanged ${counted(s.unchanged)}`;

function batchesFromEnv(): number {
  const text = process.env.BENCH_DIAGNOSTICS_BATCHES;
  const value = text === undefined || text === '' ? 40 : Number(text);
  if (!Number.isSafeInteger(value) || value < KIOSKS) throw new RangeError(`BENCH_DIAGNOSTICS_BATCHES must be an integer ≥ ${KIOSKS}, not ${text}`);
  return value;
}

async function fullRun(database: string, now: string, mode: 'full' | 'families'): Promise<{ report: FullRunReport; wallMs: number }> {
  const started = performance.now();
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/bench/diagnostics-full.ts', database, now, mode], { cwd: ROOT, maxBuffer: 1 << 24 });
  const line = stdout.trim().split('\n').at(-1) ?? '';
  return { report: JSON.parse(line) as FullRunReport, wallMs: performance.now() - started };
}

async function benchFullRuns(data: ProvinceData, database: string): Promise<void> {
  const now = data.manifest.anchor;
  const runs: { report: FullRunReport; wallMs: number }[] = [];
  for (let n = 1; n <= 3; n++) {
    const result = await fullRun(database, now, 'full');
    runs.push(result);
    process.stderr.write(`    full run ${n}: ${seconds(result.report.summary!.ms)} (${summaryText(result.report.summary!)}), peak RSS ${Math.round(result.report.peakMiB)} MiB\n`);
  }
  const [first, ...repeats] = runs.map((r) => r.report.summary!.ms);
  const all = median(runs.map((r) => r.report.summary!.ms));
  console.log(`  full recomputation (engine.runFull at the data's now, ${data.manifest.anchor.slice(0, 10)}):`);
  console.log(`    first run (opens the findings) ${seconds(first!)}; repeats (findings unchanged) ${repeats.map(seconds).join(', ')} (median ${seconds(median(repeats))}); median of 3 ${seconds(all)} (target < ${FULL_RUN_TARGET_S} s: ${all < FULL_RUN_TARGET_S * 1000 ? 'met' : 'NOT met'})`);
  console.log(`    peak RSS of the running process: ${runs.map((r) => `${Math.round(r.report.peakMiB)} MiB`).join(', ')}`);
  const opened = runs[0]!.report.liveByRule;
  console.log(`    findings opened by the first run: ${Object.entries(opened).map(([rule, n]) => `${rule} ${counted(n)}`).join(', ') || 'none'} (total ${counted(runs[0]!.report.summary!.opened)})`);
  const families = await fullRun(database, now, 'families');
  console.log(`    each family alone (repeat run): ${families.report.families!.map((f) => `${f.family} ${seconds(f.ms)}`).join(', ')}`);
}

/** Waits until the server has nothing running: its CPU use stays near zero for two seconds (a start-up full run, say). */
/** The scope ingest hands the engine for one batch of check-ins: its members, the meeting's organisation, the kiosk. */
function batchScope(fixture: ProvinceIngestFixture, kiosk: number, cards: string[], meeting: string): Scope {
  return {
    ...emptyScope(),
    members: new Set(cards.map((member) => fixture.memberIds.get(member)!)),
    orgs: new Set([fixture.meetingOrgs.get(meeting)!]),
    kiosks: new Set([fixture.kiosks[kiosk]!.kid]),
  };
}

async function benchIncremental(dataDir: string, data: ProvinceData, batches: number): Promise<void> {
  const perKiosk = Math.ceil(batches / KIOSKS);
  const { manifest } = data;
  process.stderr.write(`    issuing ${KIOSKS * BATCH} real cards to the cohort, enrolling ${KIOSKS} kiosks, scheduling ${perKiosk * KIOSKS} meetings…\n`);
  const fixture = await buildProvinceIngestFixture({
    dataDir,
    branches: manifest.cohortBranches,
    firstMember: manifest.cohortFirstMember,
    kiosks: KIOSKS,
    cardsPerKiosk: BATCH,
    meetingsPerKiosk: perKiosk,
    onProgress: (done) => process.stderr.write(`      ${done} cards\r`),
  });
  // Every event signed before anything is timed; a batch is one round of a kiosk's cards at one meeting.
  const generator = await EventGenerator.start(fixture.kiosks);
  const bodies: string[][] = fixture.kiosks.map(() => []);
  try {
    await Promise.all(fixture.kiosks.map(async (_, k) => {
      for (let b = 0; b < perKiosk; b++) bodies[k]!.push(batchBody(await generator.next(k, BATCH)));
    }));
  } finally {
    await generator.close();
  }
  const senders: SendingKiosk[] = await Promise.all(fixture.kiosks.map(async (kiosk) => loadKioskKey(kiosk.privateJwk)));

  // The server's engine runs after each batch ingest commits (off the request path) and reports each run at debug level.
  const serverRuns: number[] = [];
  const server = await startBenchServer(dataDir, { MIC_LOG_LEVEL: 'debug' }, (entry) => {
    const summary = (entry as { diagnostics?: RunSummary }).diagnostics;
    if (entry.msg === 'diagnostics: incremental run' && summary) serverRuns.push(summary.ms);
  });
  const store = openSqliteStore(join(dataDir, 'member-card.db'));
  try {
    process.stderr.write('    waiting for the server to settle (its start-up full run)…\n');
    await settled(server);
    const engine = new DiagnosticsEngine({ read: store.read, write: store.write, clock: { now: () => new Date() }, calendar: new OrgCalendar(DEFAULT_TIME_ZONE), logger: pino({ level: 'silent' }) });
    const ingestMs: number[] = [];
    /** per batch: the server's runs it caused, their total time */
    const serverMs: (number | undefined)[] = [];
    const serverCounts: number[] = [];
    const benchMs: number[] = [];
    const statuses: Record<string, number> = {};
    const total = perKiosk * KIOSKS;
    for (let b = 0; b < total; b++) {
      const k = b % KIOSKS;
      const round = Math.floor(b / KIOSKS);
      const kiosk = fixture.kiosks[k]!;
      const seen = serverRuns.length;
      const sent = performance.now();
      const results = await postBatch(server.url, senders[k]!, bodies[k]![round]!);
      const ingest = performance.now() - sent;
      for (const status of results) statuses[status] = (statuses[status] ?? 0) + 1;
      // The server's runs this batch caused (the kiosk's contact, then the batch's check-ins once committed):
      // collected until none has come for half a second, at most five seconds after the answer.
      for (let quiet = 0, waited = 0, count = serverRuns.length; quiet < 20 && waited < 200; waited++) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        quiet = serverRuns.length === count ? quiet + 1 : 0;
        count = serverRuns.length;
      }
      serverMs.push(serverRuns.length > seen ? serverRuns.slice(seen).reduce((a, b) => a + b, 0) : undefined);
      serverCounts.push(serverRuns.length - seen);
      // The same scope once more from the bench's own engine: evaluation and reconciliation with nothing left to change.
      const summary = await engine.runIncremental(batchScope(fixture, k, kiosk.cards.map((card) => card.member), kiosk.meetings[round]!));
      ingestMs.push(ingest);
      benchMs.push(summary.ms);
      process.stderr.write(`      batch ${b + 1}/${total}: ingest ${ms(ingest)}, server's incremental runs ${serverMs.at(-1) === undefined ? 'not seen' : `${serverCounts.at(-1)}: ${ms(serverMs.at(-1)!)}`}, again from the bench ${ms(summary.ms)}\r`);
    }
    process.stderr.write('\n');
    if ((statuses.accepted ?? 0) !== total * BATCH) throw new Error(`expected every check-in accepted, got ${JSON.stringify(statuses)}`);
    console.log(`  incremental cost per ingested batch (${total} batches of ${BATCH} real signed check-ins over HTTP from ${KIOSKS} kiosks, full verification, one batch at a time):`);
    console.log(`    ingest per batch p50 ${ms(median(ingestMs))}, max ${ms(Math.max(...ingestMs))}`);
    const paired = serverMs.flatMap((run, i) => (run === undefined ? [] : [{ run, ingest: ingestMs[i]! }]));
    if (paired.length > 0) {
      const ratio = median(paired.map((pair) => pair.run / pair.ingest));
      console.log(
        `    the server's incremental runs per batch (${median(serverCounts)} runs per batch at the median: the kiosk's contact, then the batch's ${BATCH} members, the meeting's organisation and the kiosk): total p50 ${ms(median(paired.map((pair) => pair.run)))}, max ${ms(Math.max(...paired.map((pair) => pair.run)))}`,
      );
      console.log(`    median ratio incremental / ingest ${pct(ratio)} (target < ${pct(INCREMENTAL_TARGET)}: ${ratio < INCREMENTAL_TARGET ? 'met' : 'NOT met'})`);
    } else {
      console.log("    the server reported no incremental runs (is the engine told of ingest batches?); the bench's own runs stand in:");
    }
    const benchRatio = median(benchMs.map((run, i) => run / ingestMs[i]!));
    console.log(`    the same scope run again by the bench (nothing left to change): p50 ${ms(median(benchMs))} → ratio ${pct(benchRatio)}${paired.length > 0 ? '' : ` (target < ${pct(INCREMENTAL_TARGET)}: ${benchRatio < INCREMENTAL_TARGET ? 'met' : 'NOT met'})`}`);
  } finally {
    await store.close();
    await server.stop();
  }
}

export async function benchDiagnostics(): Promise<void> {
  const options = provinceOptionsFromEnv();
  console.log(
    `Diagnostics on a province: ${counted(options.members)} members, ${counted(options.orgs)} organisations, ~${counted(options.attendance)} attendance rows over 12 months`,
  );
  const data = await provinceData(options);
  const { counts } = data.manifest;
  console.log(
    `  data set ${provinceKey(options)} (${data.generated ? `generated now in ${seconds(data.manifest.generatedSeconds * 1000)}` : 'reused'}): ${counts.branches.toLocaleString('en-US')} branches, ${counted(counts.meetings)} meetings, ${counted(counts.attendance)} attendance rows, ${counted(counts.transfers)} letters, ${counted(counts.kiosks)} kiosks, ${(data.manifest.bytes / 2 ** 30).toFixed(1)} GiB`,
  );
  const work = mkdtempSync(join(tmpdir(), 'mic-bench-diagnostics-'));
  try {
    const dataDir = join(work, 'data');
    mkdirSync(dataDir, { mode: 0o700 });
    const database = join(dataDir, 'member-card.db');
    process.stderr.write('    copying the data set…\n');
    copyFileSync(data.database, database);
    await benchFullRuns(data, database);
    await benchIncremental(dataDir, data, batchesFromEnv());
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await benchDiagnostics();
  process.exit(0);
}
