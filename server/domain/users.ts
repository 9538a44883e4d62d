import { assertCanGrant, authorize, listScope } from '../auth/policy.ts';
import { auditActorOf, type Principal } from '../auth/principal.ts';
import { isoTimestamp } from '../clock.ts';
import type { ReadContext, WriteContext } from '../context.ts';
import { hashPassword } from '../crypto/password-hash.ts';
import { ApiError } from '../errors.ts';
import type { CreateUserBody } from '../schemas/users.ts';
import type { User } from '../store/repositories/users.ts';
import { requireOrg } from './lookups.ts';

export const MIN_PASSWORD_LENGTH = 10;

function assertStrongEnough(password: string): void {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    throw new ApiError('ERR_PASSWORD_TOO_WEAK', `a password needs at least ${MIN_PASSWORD_LENGTH} characters`, { minLength: MIN_PASSWORD_LENGTH });
  }
}

export async function createUser(ctx: WriteContext, principal: Principal, body: CreateUserBody): Promise<User> {
  assertCanGrant(principal, body.role);
  let orgId: number | null = null;
  if (body.role === 'admin') {
    if (body.org !== undefined) throw new ApiError('ERR_VALIDATION', 'an admin has no organisation; leave org out', { field: 'org' });
    authorize(principal, 'user.create', null);
  } else {
    if (body.org === undefined) throw new ApiError('ERR_VALIDATION', `a ${body.role} needs an organisation (org)`, { field: 'org' });
    const org = await requireOrg(ctx.read, body.org);
    authorize(principal, 'user.create', org);
    orgId = org.id;
  }
  assertStrongEnough(body.password);
  return ctx.write.users.create(
    { username: body.username, passwordHash: await hashPassword(body.password), role: body.role, orgId },
    isoTimestamp(ctx.clock.now()),
    auditActorOf(principal),
  );
}

/** The first admin, created by the operator with the admin command; refused once one exists. */
export async function initialiseFirstAdmin(ctx: WriteContext, operator: Principal, username: string, password: string): Promise<User> {
  assertStrongEnough(password);
  return ctx.write.users.createFirstAdmin(
    { username, passwordHash: await hashPassword(password), role: 'admin', orgId: null },
    isoTimestamp(ctx.clock.now()),
    auditActorOf(operator),
  );
}

export async function listUsers(ctx: ReadContext, principal: Principal, org?: string): Promise<User[]> {
  const requested = org === undefined ? undefined : await requireOrg(ctx.read, org);
  return ctx.read.users.list(listScope(principal, 'user.read', requested));
}
