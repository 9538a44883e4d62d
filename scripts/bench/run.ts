/** npm run bench: every benchmark, one after another, printing figures (medians, percentiles, ratios). */
import { benchCardTap } from './card-tap.ts';
import { benchIngest } from './ingest.ts';
import { benchKioskDrain } from './kiosk-drain.ts';
import { benchKioskTap } from './kiosk-tap.ts';

await benchCardTap(Number(process.env.BENCH_TAPS ?? 200));
await benchKioskTap(Number(process.env.BENCH_TAPS ?? 200));
await benchKioskDrain(Number(process.env.BENCH_DRAIN_EVENTS ?? 20_000));
await benchIngest();
process.exit(0);
