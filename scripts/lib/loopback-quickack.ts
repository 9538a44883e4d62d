import { execFileSync } from 'node:child_process';

export type QuickAckState = 'enabled' | 'already-enabled' | 'unavailable';

/**
 * vpcd writes each frame's 2-byte length and its payload in two writes on a socket without TCP_NODELAY,
 * so every APDU waits for the card side's delayed ACK: about 40 ms each, 200+ ms per tap, all of it an
 * artefact of the virtual reader (a physical reader has no TCP). Quick ACKs on the loopback route remove
 * it. This needs root and iproute2; without them the virtual reader simply stays slow.
 */
export function enableLoopbackQuickAck(): QuickAckState {
  try {
    const route = execFileSync('ip', ['route', 'show', 'table', 'local', '127.0.0.1'], { encoding: 'utf8' }).trim();
    if (/\bquickack 1\b/.test(route)) return 'already-enabled';
    const spec = route.replace(/\s+quickack \d+/, '').split(/\s+/);
    execFileSync('ip', ['route', 'change', ...spec, 'table', 'local', 'quickack', '1'], { stdio: 'ignore' });
    return 'enabled';
  } catch {
    return 'unavailable';
  }
}
