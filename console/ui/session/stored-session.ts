import type { LoginResult, User } from '../api/types.ts';

/**
 * The session survives a reload of the tab (sessionStorage), but not the tab: closing it, or the browser,
 * signs the organiser out, and the token is never shared with other tabs or written to disk by us.
 */
const KEY = 'mic-console-session';

export interface Session {
  token: string;
  expiresAt: string;
  /** no renewal of the session lasts past this: then the password is asked again */
  renewableUntil: string;
  user: User;
}

export const isExpired = (session: Pick<Session, 'expiresAt'>, now = Date.now()): boolean => Date.parse(session.expiresAt) <= now;

export function loadSession(): Session | undefined {
  try {
    const text = window.sessionStorage.getItem(KEY);
    if (!text) return undefined;
    const stored = JSON.parse(text) as Partial<Session>;
    const { token, expiresAt, renewableUntil, user } = stored;
    if (typeof token !== 'string' || typeof expiresAt !== 'string' || typeof renewableUntil !== 'string' || typeof user !== 'object' || user === null) return undefined;
    const session = stored as Session;
    return isExpired(session) ? undefined : session;
  } catch {
    // Storage disabled or a damaged entry: signing in again is all it costs.
    return undefined;
  }
}

export function saveSession(session: LoginResult | undefined): void {
  try {
    if (session) {
      const { token, expiresAt, renewableUntil, user } = session;
      window.sessionStorage.setItem(KEY, JSON.stringify({ token, expiresAt, renewableUntil, user }));
    } else window.sessionStorage.removeItem(KEY);
  } catch {
    // Without storage the session still lives in memory for this page.
  }
}
