/**
 * One full diagnostics run on a database, in a process of its own so its peak memory is the run's:
 *   tsx scripts/bench/diagnostics-full.ts <database> <now ISO> [full|families]
 * `full` runs every rule family (the server's full run); `families` runs each family alone, one after
 * another, to show where a full run's time goes. Prints one JSON line on stdout.
 */
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { DiagnosticsEngine, type RunSummary } from '../../server/domain/diagnostics/engine.ts';
import { ALL_RULES } from '../../server/domain/diagnostics/rules/all-rules.ts';
import { DEFAULT_TIME_ZONE, OrgCalendar } from '../../shared/org-calendar.ts';
import { openSqliteStore } from '../../server/store/sqlite/open-sqlite-store.ts';
import { processMemoryMiB } from './process-usage.ts';

export interface FullRunReport {
  mode: 'full' | 'families';
  summary?: RunSummary;
  /** findings live after the run, by rule */
  liveByRule: Record<string, number>;
  families?: { family: string; ms: number; summary: RunSummary }[];
  peakMiB: number;
}

const [database, nowText, mode = 'full'] = process.argv.slice(2);
if (!database || !nowText || (mode !== 'full' && mode !== 'families')) {
  throw new Error('usage: diagnostics-full.ts <database> <now ISO> [full|families]');
}
const now = new Date(nowText);
const store = openSqliteStore(database, now);
const deps = { read: store.read, write: store.write, clock: { now: () => now }, calendar: new OrgCalendar(DEFAULT_TIME_ZONE), logger: pino({ level: 'silent' }) };
const report: FullRunReport = { mode, liveByRule: {}, peakMiB: 0 };
try {
  if (mode === 'full') {
    let shown = 0;
    report.summary = await new DiagnosticsEngine(deps).runFull((done, total) => {
      const at = performance.now();
      if (at - shown < 2000) return;
      shown = at;
      process.stderr.write(`      full run: ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} subjects\r`);
    });
  } else {
    report.families = [];
    for (const family of ALL_RULES) {
      const started = performance.now();
      const summary = await new DiagnosticsEngine(deps, { rules: [family] }).runFull();
      report.families.push({ family: family.family, ms: performance.now() - started, summary });
    }
  }
  const rows = store.handles.readable.prepare("SELECT rule, count(*) AS n FROM findings WHERE status <> 'resolved' GROUP BY rule ORDER BY rule").all() as { rule: string; n: number }[];
  for (const row of rows) report.liveByRule[row.rule] = row.n;
  report.peakMiB = processMemoryMiB(process.pid).peakMiB;
} finally {
  await store.close();
}
process.stdout.write(`${JSON.stringify(report)}\n`);
