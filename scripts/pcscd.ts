/**
 * npm run pcscd — makes sure pcscd runs with the two vpcd virtual readers, and leaves it running.
 */
import { ensurePcscd, PcscdNotInstalledError, PcscdNotReadyError } from './lib/pcscd.ts';

try {
  const pcscd = await ensurePcscd();
  if (pcscd.startedByUs) console.log(`pcscd started (pid ${pcscd.pid}, log ${pcscd.logFile})`);
  else console.log('pcscd was already running');
  console.log(`readers: ${pcscd.readers.join(', ')}`);
} catch (error) {
  if (error instanceof PcscdNotInstalledError || error instanceof PcscdNotReadyError) {
    console.error(error.message);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
