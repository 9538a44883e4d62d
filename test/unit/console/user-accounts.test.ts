import { describe, expect, it } from 'vitest';
import { parseRoute, pathOf, type Route } from '../../../console/ui/app/routes.ts';
import { can, grantableRoles } from '../../../console/ui/auth/capabilities.ts';
import { MIN_PASSWORD_LENGTH, passwordProblem } from '../../../console/ui/components/password-rule.ts';
import { en } from '../../../console/ui/i18n/en.ts';
import { zhCN } from '../../../console/ui/i18n/zh-CN.ts';
import { GRANTABLE } from '../../../server/auth/policy.ts';
import { MIN_PASSWORD_LENGTH as SERVER_MIN_PASSWORD_LENGTH } from '../../../server/domain/users.ts';
import { RoleSchema } from '../../../server/schemas/common.ts';

describe('a new password typed twice', () => {
  it('when it is shorter than the server allows, then it is too short, whatever the second entry', () => {
    expect(MIN_PASSWORD_LENGTH).toBe(SERVER_MIN_PASSWORD_LENGTH);
    expect(passwordProblem('', '')).toBe('too-short');
    expect(passwordProblem('123456789', '123456789')).toBe('too-short');
    expect(passwordProblem('123456789', 'something else')).toBe('too-short');
  });

  it('when it is long enough but the second entry differs, then they do not match', () => {
    expect(passwordProblem('1234567890', '1234567890')).toBeUndefined();
    expect(passwordProblem('1234567890', '123456789')).toBe('mismatch');
    expect(passwordProblem('Abcdefghij', 'abcdefghij')).toBe('mismatch');
  });

  it('counts characters as the server does: a Chinese character or an emoji is one, whatever its UTF-16 length', () => {
    expect(passwordProblem('党员卡的密码一二三四', '党员卡的密码一二三四')).toBeUndefined();
    expect(passwordProblem('党员卡的密码一二三', '党员卡的密码一二三')).toBe('too-short');
    // five emoji are ten UTF-16 units but five characters: too short for the server too
    const fiveEmoji = '🔑'.repeat(5);
    expect(fiveEmoji.length).toBe(10);
    expect(passwordProblem(fiveEmoji, fiveEmoji)).toBe('too-short');
  });
});

describe('who may do what to accounts, as the console shows it', () => {
  it('offers each role exactly the roles the server lets it give, and the users menu only to admins and organisers', () => {
    for (const role of RoleSchema.options) {
      expect(grantableRoles({ role }), role).toEqual(GRANTABLE[role]);
      expect(can({ role }, 'user.create'), role).toBe(GRANTABLE[role].length > 0);
    }
    expect(grantableRoles({ role: 'organiser' })).not.toContain('admin');
    expect(RoleSchema.options.filter((role) => can({ role }, 'user.role.change'))).toEqual(['admin']);
  });
});

describe('the users and my-account addresses', () => {
  it('open their pages and read back the same', () => {
    const routes: Route[] = [{ page: 'users' }, { page: 'account' }];
    for (const route of routes) expect(parseRoute(pathOf(route))).toEqual(route);
    expect(pathOf({ page: 'users' })).toBe('/console/users');
    expect(pathOf({ page: 'account' })).toBe('/console/account');
    expect(parseRoute('/console/users/3')).toEqual({ page: 'not-found', path: '/console/users/3' });
  });
});

describe('a person as the console names them', () => {
  it('is their name with the username, or the username alone when no name was given, in both languages', () => {
    expect(zhCN.userLabel('王芳', 'wang.fang')).toBe('王芳（wang.fang）');
    expect(en.userLabel('王芳', 'wang.fang')).toBe('王芳 (wang.fang)');
    expect(zhCN.userLabel(null, 'admin')).toBe('admin');
    expect(en.userLabel(null, 'admin')).toBe('admin');
    expect(zhCN.currentRole('王芳', zhCN.roles.secretary, '甲镇第一支部')).toBe('王芳 现在是“甲镇第一支部”的支部书记。');
    expect(zhCN.currentRole('admin', zhCN.roles.admin, null)).toBe('admin 现在是系统管理员。');
    expect(en.currentRole('admin', en.roles.admin, null)).toBe('admin is at present: Administrator.');
  });
});
