import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { createConsoleApi, type ConsoleApi } from '../api/console-api.ts';
import { ApiFailure, createHttpClient } from '../api/http-client.ts';
import type { LoginResult, User } from '../api/types.ts';
import { isExpired, loadSession, saveSession, type Session } from './stored-session.ts';

/** Why the sign-in screen is showing, when it is not the first visit. */
export type SignedOutReason = 'signed-out' | 'invalid' | undefined;

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
 * uses. Sessions are short (the server's choice) and cannot be renewed, so when one runs out the page is
 * kept, with what was typed into it, and the user signs in again on top of it. Any other 401 (the account
 * disabled or gone) ends the session.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | undefined>(loadSession);
  const [signedOut, setSignedOut] = useState<SignedOutReason>();
  const [expired, setExpired] = useState(false);
  const token = useRef(session?.token);

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
            // A request sent just before the token was replaced (one's own password changed) is refused for the
            // old token: that says nothing about the session in use now.
            if (bearer !== token.current) return;
            if (failure.code === 'ERR_SESSION_EXPIRED') expire();
            else end('invalid');
          },
        ),
      ),
    [end, expire],
  );

  const continueWith = useCallback((result: LoginResult) => {
    token.current = result.token;
    saveSession(result);
    setSignedOut(undefined);
    setExpired(false);
    setSession({ token: result.token, expiresAt: result.expiresAt, user: result.user });
  }, []);

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

  useEffect(() => {
    if (!session || expired) return;
    if (isExpired(session)) {
      expire();
      return;
    }
    const timer = window.setTimeout(expire, Math.min(Date.parse(session.expiresAt) - Date.now(), 2_147_000_000));
    return () => window.clearTimeout(timer);
  }, [session, expired, expire]);

  const value = useMemo<SessionState>(
    () => ({ session, expired, signedOut, api, signIn, continueWith, refreshUser, signOut: () => end('signed-out') }),
    [session, expired, signedOut, api, signIn, continueWith, refreshUser, end],
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
