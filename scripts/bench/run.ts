/**
 * npm run bench: every benchmark, one after another, printing figures (medians, percentiles, ratios).
 * `npm run bench -- diagnostics` (or any other names below) runs just those.
 */
import { benchCardTap } from './card-tap.ts';
import { benchDiagnostics } from './diagnostics.ts';
import { benchIngest } from './ingest.ts';
import { benchKioskConfig } from './kiosk-config.ts';
import { benchKioskDrain } from './kiosk-drain.ts';
import { benchKioskTap } from './kiosk-tap.ts';
import { benchMemberImport } from './member-import.ts';
import { benchProvinceReads } from './province-reads.ts';
import { benchSignInFlood } from './sign-in-flood.ts';

const BENCHMARKS: Record<string, () => Promise<void>> = {
  'card-tap': () => benchCardTap(Number(process.env.BENCH_TAPS ?? 200)),
  'kiosk-tap': () => benchKioskTap(Number(process.env.BENCH_TAPS ?? 200)),
  'kiosk-drain': () => benchKioskDrain(Number(process.env.BENCH_DRAIN_EVENTS ?? 20_000)),
  'kiosk-config': () => benchKioskConfig(Number(process.env.BENCH_CONFIG_MEMBERS ?? 100_000), Number(process.env.BENCH_CONFIG_ROUNDS ?? 5)),
  ingest: benchIngest,
  diagnostics: benchDiagnostics,
  reads: benchProvinceReads,
  'member-import': benchMemberImport,
  'sign-in-flood': () => benchSignInFlood(Number(process.env.BENCH_FLOOD_CLIENTS ?? 32), Number(process.env.BENCH_FLOOD_SECONDS ?? 15)),
};

const chosen = process.argv.slice(2);
const unknown = chosen.filter((name) => !(name in BENCHMARKS));
if (unknown.length > 0) throw new Error(`no benchmark named ${unknown.join(', ')}; choose from ${Object.keys(BENCHMARKS).join(', ')}`);
for (const [name, bench] of Object.entries(BENCHMARKS)) {
  if (chosen.length === 0 || chosen.includes(name)) await bench();
}
process.exit(0);
