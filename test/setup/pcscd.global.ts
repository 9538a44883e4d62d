import { ensurePcscd } from '../../scripts/lib/pcscd.ts';

/**
 * The end-to-end suites talk to a real pcscd with the vpcd virtual readers. Start one if none runs, and stop it
 * afterwards only if this run started it: a pcscd someone else runs is theirs.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const pcscd = await ensurePcscd();
  return () => pcscd.stop();
}
