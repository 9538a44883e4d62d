import { isMicError } from '../../shared/errors.ts';
import { isKioskError } from '../core/errors.ts';
import type { KioskControl } from '../core/kiosk-api.ts';
import type { KioskMethod, Reply, ReplyError } from '../ui/bridge/kiosk-bridge.ts';
import { KIOSK_METHODS, isKioskMethod } from './kiosk-methods.ts';

export const failure = (code: string, message: string): { ok: false; error: ReplyError } => ({ ok: false, error: { code, message } });

/**
 * A failure as the screen may see it: the core's coded errors pass through; anything else is a fault the
 * screen cannot explain, so its message (which may name files or internals) stays in the log.
 */
export function replyError(error: unknown, report: (error: unknown) => void): ReplyError {
  if (isKioskError(error) || isMicError(error)) return { code: error.code, message: error.message };
  report(error);
  return { code: 'ERR_INTERNAL', message: 'the kiosk failed unexpectedly; see its log' };
}

async function run<M extends KioskMethod>(kiosk: KioskControl, method: M, rawParams: unknown, report: (error: unknown) => void): Promise<Reply<unknown>> {
  const entry = KIOSK_METHODS[method];
  const params = entry.params.safeParse(rawParams);
  if (!params.success) return failure('ERR_PARAMS_INVALID', `${method}: ${params.error.issues.map((issue) => issue.message).join('; ')}`);
  try {
    return { ok: true, value: await entry.run(kiosk, params.data) };
  } catch (error) {
    return { ok: false, error: replyError(error, report) };
  }
}

/** Runs one call from a renderer: an allow-listed method, validated parameters, a Reply whatever happens. */
export function callKioskMethod(kiosk: KioskControl, method: string, params: unknown, report: (error: unknown) => void): Promise<Reply<unknown>> {
  if (!isKioskMethod(method)) return Promise.resolve(failure('ERR_METHOD_UNKNOWN', `no kiosk method "${method.slice(0, 64)}"`));
  return run(kiosk, method, params, report);
}
