/**
 * The flow matrix's pairs on a thread of their own (worker-flow-reader.ts), over their own read-only connection
 * to the database file the server opened.
 */
import { workerData } from 'node:worker_threads';
import { serveCalls } from '../../threads/worker-calls.ts';
import { openReadonlyDb } from '../db-handles.ts';
import type { FlowPairsRequest } from './worker-flow-reader.ts';
import { SqliteFlowReader } from './flows-sql.ts';

const flows = new SqliteFlowReader(openReadonlyDb((workerData as { file: string }).file));
serveCalls(({ rootPath, window }: FlowPairsRequest) => flows.pairs(rootPath, window));
