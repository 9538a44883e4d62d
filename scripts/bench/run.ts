/** npm run bench: every benchmark, one after another, printing figures (medians, percentiles, ratios). */
import { benchCardTap } from './card-tap.ts';

await benchCardTap(Number(process.env.BENCH_TAPS ?? 200));
process.exit(0);
