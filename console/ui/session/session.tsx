import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { createConsoleApi, type ConsoleApi } from '../api/console-api.ts';
import { ApiFailure, createHttpClient } from '../api/http-client.ts';
import type { LoginResult, User } from '../api/types.ts';
import { SessionUse } from './session-use.ts';
import { isExpired, loadSession, saveSession, type Session } from './stored-session.ts';

/** Why the sign-in screen is showing, when it is not the first visit. */
export type SignedOutReason = 'signed-out' | 'invalid' | undefined;

/** How long before its token runs out a session in use asks for a fresh one: a computer's clock a few minutes slow still makes it. */
const RENEW_BEFORE_MS = 5 * 60_000;
/** setTimeout's longest wait; a session token lasts far less */
const LONGEST_TIMER_MS = 2_147_000_000;

interface SessionState {
  session: Session | undefined;
  /** the token ran out while the user was working: the page stays, and a dialog asks for the password again */
  expired: boolean;
  signedOut: SignedOutReason;
  api: ConsoleApi;
  signIn(username: string, password: string): Promise<void>;
  /** goes on with a session the server handed out in place of this one (after a change of one's own password) */
  continueWith(session: LoginResult): void;
  /** the signed-in user as the server has them after a change the session outlives (their name) */
  refreshUser(user: User): void;
  signOut(): void;
}

const SessionContext = createContext<SessionState | undefined>(undefined);

/**
 * Holds the session token in memory (and sessionStorage, for reloads) and the one API client every screen
 * uses. A token lasts 30 minutes; while the console is in use (a request, a key press or a click since the token
 * came) it asks for a fresh one a few minutes before that, up to the session's limit from signing in. When the token
 * runs out (left alone, or at the limit) the page is kept, with what was typed into it, and the user signs in again
 * on top of it. Any other 401 (the account disabled or gone, the session signed out) ends the session. Signing out
 * ends the session on the server too, and here even when the server cannot be reached.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | undefined>(loadSession);
  const [signedOut, setSignedOut] = useState<SignedOutReason>();
  const [expired, setExpired] = useState(false);
  const token = useRef(session?.token);
  const [use] = useState(() => new SessionUse());

  const end = useCallback((reason: SignedOutReason) => {
    token.current = undefined;
    saveSession(undefined);
    setSession(undefined);
    setExpired(false);
    setSignedOut(reason);
  }, []);

  const expire = useCallback(() => {
    token.current = undefined;
    saveSession(undefined);
    setExpired(true);
  }, []);

  const api = useMemo(
    () =>
      createConsoleApi(
        createHttpClient(
          () => token.current,
          (failure: ApiFailure, bearer: string) => {
            // A request sent just before the token was replaced (renewed, or one's own password changed) is refused for
            // the old token: that says nothing about the session in use now.
            if (bearer !== token.current) return;
            if (failure.code === 'ERR_SESSION_EXPIRED') expire();
            else end('invalid');
          },
          () => use.note(),
        ),
      ),
    [end, expire, use],
  );

  const continueWith = useCallback((result: LoginResult) => {
    token.current = result.token;
    saveSession(result);
    setSignedOut(undefined);
    setExpired(false);
    setSession({ token: result.token, expiresAt: result.expiresAt, renewableUntil: result.renewableUntil, user: result.user });
  }, []);

  const renew = useCallback(() => {
    const renewing = token.current;
    api.renewSession().then(
      (result) => {
        if (token.current === renewing) continueWith(result);
      },
      (failure: unknown) => {
        // A 401 already ended the session or asked for the password. Offline, or the server failing: the next use
        // tries again, and if none comes before the token runs out, the password is asked as usual.
        if (!(failure instanceof ApiFailure && failure.status === 401) && token.current === renewing) {
          use.restart();
          use.renewalDue(renew);
        }
      },
    );
  }, [api, continueWith, use]);

  const refreshUser = useCallback((user: User) => {
    setSession((current) => {
      if (!current || current.user.id !== user.id) return current;
      const refreshed = { ...current, user };
      saveSession(refreshed);
      return refreshed;
    });
  }, []);

  const signIn = useCallback(
    async (username: string, password: string) => {
      continueWith(await api.login(username, password));
    },
    [api, continueWith],
  );

  const signOut = useCallback(() => {
    // The request takes the token as it is made, before the session ends here; its answer is not waited for, so an
    // unreachable server does not keep anyone signed in on this computer, and a refusal (the session had ended
    // already) says nothing more.
    if (token.current) api.signOut().catch(() => undefined);
    end('signed-out');
  }, [api, end]);

  // A reloaded tab checks the session it found in storage once: the account may have been disabled or changed
  // meanwhile. A session signed in to on this page is not checked: the login answer is as fresh as /auth/me.
  const unchecked = useRef(session !== undefined);
  useEffect(() => {
    if (!unchecked.current) return;
    unchecked.current = false;
    api.me().then(
      (user: User) => setSession((current) => current && { ...current, user }),
      () => undefined, // a 401 already ended the session; anything else (offline) leaves it to the next call
    );
  }, [api]);

  // Every key press and click is a use of the console, wherever on the page it falls.
  useEffect(() => {
    const note = (): void => use.note();
    window.addEventListener('keydown', note, true);
    window.addEventListener('pointerdown', note, true);
    return () => {
      window.removeEventListener('keydown', note, true);
      window.removeEventListener('pointerdown', note, true);
    };
  }, [use]);

  const tokenInUse = session?.token;
  const expiresAt = session?.expiresAt;
  const renewableUntil = session?.renewableUntil;
  useEffect(() => {
    if (tokenInUse === undefined || expiresAt === undefined || renewableUntil === undefined || expired) return;
    if (isExpired({ expiresAt })) {
      expire();
      return;
    }
    use.restart();
    const left = Date.parse(expiresAt) - Date.now();
    const timers = [window.setTimeout(expire, Math.min(left, LONGEST_TIMER_MS))];
    // A token that runs out at the session's limit is the last one: no renewal goes past it.
    if (Date.parse(expiresAt) < Date.parse(renewableUntil)) timers.push(window.setTimeout(() => use.renewalDue(renew), Math.min(Math.max(left - RENEW_BEFORE_MS, 0), LONGEST_TIMER_MS)));
    return () => timers.forEach((timer) => window.clearTimeout(timer));
  }, [tokenInUse, expiresAt, renewableUntil, expired, expire, renew, use]);

  const value = useMemo<SessionState>(
    () => ({ session, expired, signedOut, api, signIn, continueWith, refreshUser, signOut }),
    [session, expired, signedOut, api, signIn, continueWith, refreshUser, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}

/** For screens shown only when signed in. */
export function useSignedIn(): { user: User; api: ConsoleApi } {
  const { session, api } = useSession();
  if (!session) throw new Error('useSignedIn without a session');
  return { user: session.user, api };
}
