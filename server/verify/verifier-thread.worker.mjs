// Entry of an event verification worker thread. Worker threads do not inherit tsx's loader from the
// thread that starts them (Node 20), so this plain ES module registers it, then loads the TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./event-verifier.worker.ts');
