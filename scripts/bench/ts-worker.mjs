// Entry of a benchmark worker thread written in TypeScript: worker threads do not inherit tsx's loader
// (Node 20), so this plain ES module registers it and then imports workerData.entry.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
