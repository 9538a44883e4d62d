import { isMicError } from '../../shared/errors.ts';
import { ProofError } from '../../shared/log/errors.ts';
import type { Words } from './verify-messages/messages.ts';

/** The checks of `npm run verify -- BUNDLE`; each language names them in its catalogue (verify-messages/). */
export const CHECKS = {
  bundle: 'bundle',
  verifierKey: 'verifierKey',
  checkpoint: 'checkpoint',
  issuerKeys: 'issuerKeys',
  revocationList: 'revocationList',
  manifest: 'manifest',
  kioskKey: 'kioskKey',
  kioskSignature: 'kioskSignature',
  payload: 'payload',
  memberCredential: 'memberCredential',
  memberPresence: 'memberPresence',
  memberRevocation: 'memberRevocation',
  memberIdentity: 'memberIdentity',
  secretaryCredential: 'secretaryCredential',
  secretaryPresence: 'secretaryPresence',
  secretaryRevocation: 'secretaryRevocation',
  inclusion: 'inclusion',
  subject: 'subject',
  window: 'window',
  once: 'once',
} as const;
export type Check = (typeof CHECKS)[keyof typeof CHECKS];

export interface Finding {
  check: Check;
  ok: boolean;
  /** a stable code (shared/errors.ts) or proof failure reason, for failures */
  code?: string;
  detail: Words;
}

export const pass = (check: Check, detail: Words): Finding => ({ check, ok: true, detail });
export const fail = (check: Check, code: string | undefined, detail: Words): Finding => ({ check, ok: false, ...(code ? { code } : {}), detail });

export function failure(check: Check, error: unknown): Finding {
  if (error instanceof ProofError) return fail(check, error.reason, (m) => m.error(error.reason, error.message));
  if (isMicError(error)) return fail(check, error.code, (m) => m.error(error.code, error.message));
  const message = error instanceof Error ? error.message : String(error);
  return fail(check, undefined, (m) => m.error(undefined, message));
}
