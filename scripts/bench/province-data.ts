/**
 * The province-shaped data set the diagnostics benchmark (and any other province-scale figure) runs on:
 * generated once into .artifacts/bench/, keyed by the generator's version, the sizes, the seed and the migrations, and
 * reused by every later run. `tsx scripts/bench/province-data.ts` generates (or finds) it on its own.
 *   BENCH_PROVINCE_MEMBERS     members (default 1,000,000)
 *   BENCH_PROVINCE_ORGS        organisations (default 200,000)
 *   BENCH_PROVINCE_ATTENDANCE  attendance rows over the last 12 months (default 20,000,000; ± a few %)
 *   BENCH_PROVINCE_SEED        generator seed (default 7)
 *   BENCH_PROVINCE_COHORT      members left without a card, for the benchmark's real cards (default 2,000)
 *   BENCH_PROVINCE_INDEXES     'late' (default): the secondary indexes are built after the load; 'upfront': kept
 *                              during it, as the migrations leave them (same database either way; for measuring)
 * Every meeting that took place has at least one attendee, so the total comes close to the request at a
 * province's proportions (about 100 attendance rows per organisation); far fewer per organisation, it runs over.
 * The data's "now" (its anchor) is the UTC midnight of the day it was generated; it is kept in
 * manifest.json, and benchmarks run their rules at that time so a reused set gives the same findings.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMigrations } from '../../server/store/migrate.ts';
import { generateProvince, type GeneratedCounts } from './province-generator.ts';
import { Progress } from './province-progress.ts';
import type { ProvinceSizes } from './province-shape.ts';

/** Bump when the generator's output changes, so cached sets from an older generator are not reused. */
export const GENERATOR_VERSION = 2;

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CACHE_DIR = join(ROOT, '.artifacts', 'bench');

export interface ProvinceOptions extends ProvinceSizes {
  seed: number;
  cohort: number;
}

export interface ProvinceManifest {
  version: number;
  sizes: ProvinceSizes;
  seed: number;
  /** ISO timestamp: the data's "now" */
  anchor: string;
  counts: GeneratedCounts;
  cohortBranches: string[];
  cohortFirstMember: number;
  cohortLastMember: number;
  generatedSeconds: number;
  phases: { name: string; rows: number; seconds: number }[];
  bytes: number;
}

export interface ProvinceData {
  /** the folder that holds member-card.db (a server data folder without its keys) */
  dir: string;
  database: string;
  manifest: ProvinceManifest;
  /** false when an earlier run's set was reused */
  generated: boolean;
}

function positive(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, not ${text}`);
  return value;
}

export function provinceOptionsFromEnv(): ProvinceOptions {
  return {
    members: positive('BENCH_PROVINCE_MEMBERS', 1_000_000),
    orgs: positive('BENCH_PROVINCE_ORGS', 200_000),
    attendance: positive('BENCH_PROVINCE_ATTENDANCE', 20_000_000),
    seed: positive('BENCH_PROVINCE_SEED', 7),
    cohort: positive('BENCH_PROVINCE_COHORT', 2000),
  };
}

/** The migrations a set was made with: the server refuses a database whose migrations differ from its files. */
const schemaDigest = (): string =>
  createHash('sha256')
    .update(loadMigrations().map((migration) => migration.checksum).join('\n'))
    .digest('hex')
    .slice(0, 8);

export const provinceKey = (options: ProvinceOptions): string =>
  `province-v${GENERATOR_VERSION}-m${options.members}-o${options.orgs}-a${options.attendance}-c${options.cohort}-s${options.seed}-schema-${schemaDigest()}`;

/** The cached set for these options, generating it first when there is none. */
export async function provinceData(options: ProvinceOptions = provinceOptionsFromEnv()): Promise<ProvinceData> {
  const dir = join(CACHE_DIR, provinceKey(options));
  const database = join(dir, 'member-card.db');
  const manifestFile = join(dir, 'manifest.json');
  if (existsSync(manifestFile) && existsSync(database)) {
    return { dir, database, manifest: JSON.parse(readFileSync(manifestFile, 'utf8')) as ProvinceManifest, generated: false };
  }

  // Written beside the cache entry and renamed into place when complete, so an interrupted run leaves no half set.
  const building = `${dir}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  const today = new Date();
  const anchor = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()));
  const progress = new Progress();
  process.stderr.write(`  generating the province data set ${provinceKey(options)} (anchor ${anchor.toISOString()})…\n`);
  try {
    const generated = await generateProvince({
      file: join(building, 'member-card.db'),
      sizes: options,
      seed: options.seed,
      anchor,
      cohort: options.cohort,
      deferIndexes: process.env.BENCH_PROVINCE_INDEXES !== 'upfront',
      progress,
    });
    progress.end();
    const manifest: ProvinceManifest = {
      version: GENERATOR_VERSION,
      sizes: { members: options.members, orgs: options.orgs, attendance: options.attendance },
      seed: options.seed,
      anchor: anchor.toISOString(),
      ...generated,
      generatedSeconds: progress.elapsedSeconds(),
      phases: progress.phases,
      bytes: statSync(join(building, 'member-card.db')).size,
    };
    writeFileSync(join(building, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    rmSync(dir, { recursive: true, force: true });
    renameSync(building, dir);
    return { dir, database, manifest, generated: true };
  } catch (error) {
    rmSync(building, { recursive: true, force: true });
    throw error;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const data = await provinceData();
  const { counts, generatedSeconds, bytes } = data.manifest;
  console.log(`${data.generated ? 'generated' : 'reused'} ${data.database}`);
  console.log(`  ${Object.entries(counts).map(([name, value]) => `${name} ${value.toLocaleString('en-US')}`).join(', ')}`);
  console.log(`  ${(bytes / 2 ** 30).toFixed(2)} GiB, generated in ${generatedSeconds.toFixed(0)} s`);
}
