import { isMicError } from '../../shared/errors.ts';
import { ProofError } from '../../shared/log/errors.ts';

/** The checks of `npm run verify -- BUNDLE`, by the names the report prints. */
export const CHECKS = {
  bundle: 'bundle format',
  verifierKey: 'log verifier key',
  checkpoint: 'checkpoint signature',
  issuerKeys: 'issuer keys',
  revocationList: 'revocation list',
  manifest: 'manifest',
  kioskKey: 'kiosk key',
  kioskSignature: 'kiosk signature',
  payload: 'event payload',
  memberCredential: 'member card credential',
  memberPresence: 'member card presence signature',
  memberRevocation: 'member card revocation',
  memberIdentity: 'member card holder',
  secretaryCredential: 'secretary card credential',
  secretaryPresence: 'secretary card presence signature',
  secretaryRevocation: 'secretary card revocation',
  inclusion: 'log inclusion',
  subject: 'bundle subject',
  window: 'bundle window',
  once: 'listed once',
} as const;
export type Check = (typeof CHECKS)[keyof typeof CHECKS];

export interface Finding {
  check: Check;
  ok: boolean;
  /** a stable code (shared/errors.ts) or proof failure reason, for failures */
  code?: string;
  detail: string;
}

export const pass = (check: Check, detail: string): Finding => ({ check, ok: true, detail });
export const fail = (check: Check, code: string | undefined, detail: string): Finding => ({ check, ok: false, ...(code ? { code } : {}), detail });

export function failure(check: Check, error: unknown): Finding {
  if (error instanceof ProofError) return fail(check, error.reason, error.message);
  if (isMicError(error)) return fail(check, error.code, error.message);
  return fail(check, undefined, error instanceof Error ? error.message : String(error));
}
