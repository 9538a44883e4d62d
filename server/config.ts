import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_LOG_NAME } from './keys/log-signing-key.ts';
import { CHECKPOINT_INTERVAL_MS } from './log/checkpoint-publisher.ts';
import { DIAGNOSTICS_INTERVAL_MS } from './domain/diagnostics/engine.ts';
import { DEFAULT_TIME_ZONE, knownTimeZone } from '../shared/org-calendar.ts';
import { defaultVerifyWorkers } from './verify/verifier-pool.ts';
import { StartupError } from './startup-error.ts';

/** What an unknown MIC_TIME_ZONE is told to be instead. */
export const unknownTimeZone = (name: string): string =>
  `"${name}" is not a time zone this server knows: set MIC_TIME_ZONE to an IANA name such as ${DEFAULT_TIME_ZONE} (the default) or UTC`;

/** Settings come from the environment, parsed once with a schema so a typo fails at start, not later. */
const EnvSchema = z.object({
  MIC_DATA_DIR: z.string().min(1).default('./data'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  MIC_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MIC_SERVER_ID: z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/).default('member-card'),
  MIC_MEMBER_DATA_KEY: z.string().optional(),
  MIC_ID_HASH_KEY: z.string().optional(),
  MIC_VERIFY_WORKERS: z.coerce.number().int().min(0).max(256).default(defaultVerifyWorkers(availableParallelism())),
  MIC_LOG_NAME: z.string().regex(/^[^\s+]{1,200}$/).default(DEFAULT_LOG_NAME),
  MIC_CHECKPOINT_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(CHECKPOINT_INTERVAL_MS),
  MIC_BENCH_WITHOUT_LOG_TREE: z.enum(['0', '1']).default('0'),
  MIC_DIAGNOSTICS_INTERVAL_MS: z.coerce.number().int().min(1000).max(7 * 24 * 3_600_000).default(DIAGNOSTICS_INTERVAL_MS),
  MIC_WEBHOOK_URL: z
    .url({ protocol: /^https?$/ })
    .refine((url) => !URL.canParse(url) || (new URL(url).username === '' && new URL(url).password === ''), 'the webhook URL must not carry credentials')
    .optional(),
  MIC_TIME_ZONE: z
    .string()
    .default(DEFAULT_TIME_ZONE)
    .transform((name, context) => {
      const zone = knownTimeZone(name);
      if (zone === undefined) context.addIssue({ code: 'custom', message: unknownTimeZone(name) });
      return zone ?? z.NEVER;
    }),
});

export interface ServerConfig {
  dataDir: string;
  port: number;
  host: string;
  logLevel: z.infer<typeof EnvSchema>['MIC_LOG_LEVEL'];
  serverId: string;
  keyOverrides: { encryption?: string; idHash?: string };
  /** event verification worker threads (0: on the main thread) */
  verifyWorkers: number;
  logName: string;
  checkpointIntervalMs: number;
  /** benchmarks only: no transparency-log tree (MIC_BENCH_WITHOUT_LOG_TREE=1) */
  benchWithoutLogTree: boolean;
  /** how often the diagnostic rules re-evaluate everything */
  diagnosticsIntervalMs: number;
  /** where new and escalated findings are POSTed, signed; no webhook when absent */
  webhookUrl?: string;
  /** the organisation's IANA time zone: its days are the server's "today" and the days of every date it stores */
  timeZone: string;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new StartupError('ERR_CONFIG_INVALID', `the environment is not valid: ${problems}`);
  }
  const e = parsed.data;
  return {
    dataDir: resolve(e.MIC_DATA_DIR),
    port: e.PORT,
    host: e.HOST,
    logLevel: e.MIC_LOG_LEVEL,
    serverId: e.MIC_SERVER_ID,
    keyOverrides: { encryption: e.MIC_MEMBER_DATA_KEY, idHash: e.MIC_ID_HASH_KEY },
    verifyWorkers: e.MIC_VERIFY_WORKERS,
    logName: e.MIC_LOG_NAME,
    checkpointIntervalMs: e.MIC_CHECKPOINT_INTERVAL_MS,
    benchWithoutLogTree: e.MIC_BENCH_WITHOUT_LOG_TREE === '1',
    diagnosticsIntervalMs: e.MIC_DIAGNOSTICS_INTERVAL_MS,
    ...(e.MIC_WEBHOOK_URL !== undefined && { webhookUrl: e.MIC_WEBHOOK_URL }),
    timeZone: e.MIC_TIME_ZONE,
  };
}
