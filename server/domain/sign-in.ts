import type { ServerContext } from '../context.ts';
import { isApiError } from '../errors.ts';
import type { LoginBody } from '../schemas/users.ts';
import { login, type Session } from './sessions.ts';

type SignInContext = Pick<ServerContext, 'read' | 'clock' | 'calendar' | 'signingKey' | 'signInThrottle'>;

/**
 * Signing in within the limits (sign-in-throttle.ts): an attempt over them is refused before the password is hashed;
 * a wrong username or password counts against the username (and the password it was tried on) and the address, a
 * right one clears the username's.
 */
export async function signIn(ctx: SignInContext, body: LoginBody, address: string): Promise<Session> {
  const found = await ctx.read.users.credentials(body.username);
  const attempt = ctx.signInThrottle.admit(body.username, address, ctx.clock.now(), found?.passwordHash ?? null);
  try {
    const session = await login(ctx, body, found);
    attempt.succeeded();
    return session;
  } catch (error) {
    if (isApiError(error) && error.code === 'ERR_LOGIN_FAILED') attempt.failed(ctx.clock.now());
    else attempt.abandoned();
    throw error;
  }
}
