import { SESSION_LIMIT_SECONDS, SESSION_SECONDS } from '../../auth/session-token.ts';
import { endSession, renewSession, sessionAccount, startSession, type Session } from '../../domain/sessions.ts';
import { signIn } from '../../domain/sign-in.ts';
import { SIGN_IN_LIMITS } from '../../domain/sign-in-throttle.ts';
import { changeOwnPassword } from '../../domain/users.ts';
import { ChangePasswordBodySchema, LoginBodySchema, LoginResultSchema, UserSchema } from '../../schemas/users.ts';
import { clientAddress } from '../client-address.ts';
import { publicRoute, userRoute, type Reply } from '../route.ts';
import { userView } from '../views.ts';

/** 60,000 → '1 minute', 3,600,000 → '60 minutes', as the descriptions below say them. */
const minutes = (ms: number): string => (ms === 60_000 ? '1 minute' : `${ms / 60_000} minutes`);

const sessionReply = (session: Session): Reply => ({
  status: 200,
  body: { token: session.token, expiresAt: session.expiresAt.toISOString(), renewableUntil: session.renewableUntil.toISOString(), user: userView(session.user) },
});

export const authRoutes = [
  publicRoute({
    method: 'post',
    path: '/auth/login',
    summary: 'Sign in with username and password; returns a session token',
    description: `Limited per username and per connecting address (domain/sign-in-throttle.ts): after ${SIGN_IN_LIMITS.failuresBeforeWait} wrong passwords in a row for a username each further try waits, ${minutes(SIGN_IN_LIMITS.firstWaitMs)} and doubling up to ${minutes(SIGN_IN_LIMITS.longestWaitMs)}; an address may try ${SIGN_IN_LIMITS.addressBurst} in a burst, then ${60_000 / SIGN_IN_LIMITS.addressRefillMs} a minute. Over a limit: 429 ERR_TOO_MANY_ATTEMPTS with Retry-After and details.retryAfterSeconds, without the password being checked. When the server is already checking as many passwords as it takes at once: 503 ERR_SERVER_BUSY with Retry-After.`,
    tags: ['auth'],
    body: { schema: LoginBodySchema, limit: '16kb' },
    responses: [{ status: 200, description: 'signed in', schema: LoginResultSchema }],
    async handle({ ctx, body, req }) {
      return sessionReply(await signIn(ctx, body, clientAddress(req.socket.remoteAddress)));
    },
  }),
  userRoute({
    method: 'get',
    path: '/auth/me',
    summary: 'The signed-in user',
    tags: ['auth'],
    action: 'session.read',
    responses: [{ status: 200, description: 'the user', schema: UserSchema }],
    async handle({ ctx, principal }) {
      return { status: 200, body: userView(await sessionAccount(ctx, principal)) };
    },
  }),
  userRoute({
    method: 'post',
    path: '/auth/renew',
    summary: `A fresh token of the session in use, for ${minutes(SESSION_SECONDS * 1000)} more, up to ${SESSION_LIMIT_SECONDS / 3600} hours from signing in`,
    description:
      'Every role may, for the session the request carries. The console asks a few minutes before its token runs out, when the person has done something since. Refused like any request of the session once it has ended (signed out, the account disabled, its password, role or organisation changed: 401 ERR_SESSION_INVALID), and once the session is past its limit (the token has expired: 401 ERR_SESSION_EXPIRED): then sign in again.',
    tags: ['auth'],
    action: 'session.renew',
    responses: [{ status: 200, description: 'a fresh token of the same session', schema: LoginResultSchema }],
    async handle({ ctx, principal }) {
      return sessionReply(await renewSession(ctx, principal));
    },
  }),
  userRoute({
    method: 'post',
    path: '/auth/logout',
    summary: 'Sign out: the session in use ends on the server',
    description:
      'Every role may, for the session the request carries. Its token and every renewal of it are refused from then on (401 ERR_SESSION_INVALID); other sessions of the same account go on. Signing out a session that has ended already is refused the same way, and changes nothing.',
    tags: ['auth'],
    action: 'session.end',
    responses: [{ status: 204, description: 'signed out' }],
    async handle({ ctx, principal }) {
      await endSession(ctx, principal);
      return { status: 204 };
    },
  }),
  userRoute({
    method: 'post',
    path: '/auth/password',
    summary: 'Change your own password (the current one is required); returns a fresh session',
    description:
      'Every role may. Every session of the account ends, the one in use too, so one left open elsewhere stops working; the reply carries a new session token to go on with.',
    tags: ['auth'],
    action: 'password.change',
    body: { schema: ChangePasswordBodySchema, limit: '16kb' },
    responses: [{ status: 200, description: 'changed; a fresh session', schema: LoginResultSchema }],
    async handle({ ctx, principal, body }) {
      return sessionReply(await startSession(ctx, await changeOwnPassword(ctx, principal, body)));
    },
  }),
];
