import { z } from 'zod';
import { MemberNumberSchema, OrgCodeSchema, RoleSchema, TimestampSchema } from './common.ts';
import { plainText } from './plain-text.ts';

export const UsernameSchema = z.string().regex(/^[A-Za-z0-9._-]{3,64}$/, 'a username is 3-64 letters, digits, . _ -');
/** the name a person is known by (张伟): spaces around it are dropped, and what is left is 1–64 characters */
export const DisplayNameSchema = z
  .string()
  .trim()
  .min(1, 'a display name needs at least 1 character besides spaces; send null for no name')
  .max(64, 'a display name is at most 64 characters')
  .superRefine(plainText('one line'));
export const NewPasswordSchema = z.string().min(1).max(200);

export const CreateUserBodySchema = z.strictObject({
  username: UsernameSchema,
  displayName: DisplayNameSchema.optional().describe('the name the person is known by, shown beside the username'),
  password: NewPasswordSchema,
  role: RoleSchema,
  org: OrgCodeSchema.optional(),
  member: MemberNumberSchema.optional().describe('the member this person is; a linked secretary confirms transfer acceptances at the kiosk with their own card'),
});
export type CreateUserBody = z.infer<typeof CreateUserBodySchema>;

export const UserSchema = z.object({
  id: z.number().int(),
  username: UsernameSchema,
  displayName: z.string().nullable().describe('the name the person is known by; null when none was given'),
  role: RoleSchema,
  org: OrgCodeSchema.nullable(),
  member: MemberNumberSchema.nullable().describe('the linked member, if any'),
  disabled: z.boolean(),
  createdAt: TimestampSchema,
}).meta({ id: 'User' });
export type UserView = z.infer<typeof UserSchema>;

export const UserParamsSchema = z.strictObject({ id: z.string().regex(/^[1-9][0-9]{0,15}$/, 'a user id').transform(Number) });
export const LinkMemberBodySchema = z.strictObject({ member: MemberNumberSchema.nullable().describe('null unlinks') });
export type LinkMemberBody = z.infer<typeof LinkMemberBodySchema>;
export const RenameUserBodySchema = z.strictObject({ displayName: DisplayNameSchema.nullable().describe('the name the person is known by, 1–64 characters; null for none') });
export type RenameUserBody = z.infer<typeof RenameUserBodySchema>;

export const UserListSchema = z.object({ users: z.array(UserSchema) });
export const UserListQuerySchema = z.strictObject({ org: OrgCodeSchema.optional() });

export const LoginBodySchema = z.strictObject({ username: z.string().min(1).max(64), password: z.string().min(1).max(200) });
export type LoginBody = z.infer<typeof LoginBodySchema>;

export const ChangePasswordBodySchema = z.strictObject({
  currentPassword: z.string().min(1).max(200).describe('the password in use now'),
  newPassword: NewPasswordSchema,
});
export type ChangePasswordBody = z.infer<typeof ChangePasswordBodySchema>;

export const ResetPasswordBodySchema = z.strictObject({ newPassword: NewPasswordSchema.describe('the password the user signs in with from now on; tell it to them in person') });
export type ResetPasswordBody = z.infer<typeof ResetPasswordBodySchema>;

export const ChangeRoleBodySchema = z.strictObject({
  role: RoleSchema,
  org: OrgCodeSchema.optional().describe('the organisation for every role but admin; leave it out for an admin'),
});
export type ChangeRoleBody = z.infer<typeof ChangeRoleBodySchema>;

export const LoginResultSchema = z.object({
  token: z.string().describe('session JWT (EdDSA, typ mic-session+jwt); send as Authorization: Bearer'),
  expiresAt: TimestampSchema.describe('when this token runs out (30 minutes on); POST /auth/renew before then gives a fresh one'),
  renewableUntil: TimestampSchema.describe("the session's limit, 12 hours from signing in: no renewal lasts past it, and then the password is asked again"),
  user: UserSchema,
});
