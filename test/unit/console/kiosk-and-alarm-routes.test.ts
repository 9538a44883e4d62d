import { describe, expect, it } from 'vitest';
import { parseRoute, pathOf, type Route } from '../../../console/ui/app/routes.ts';
import { roughDuration } from '../../../console/ui/i18n/format.ts';
import { en } from '../../../console/ui/i18n/en.ts';
import { zhCN } from '../../../console/ui/i18n/zh-CN.ts';

describe('the console’s kiosk and alarm addresses', () => {
  it('when a reminder links to a kiosk or an alarm, then the address opens that page and reads back the same', () => {
    const kid = 'SAp_ylbq3kq-7m0Zc9wQeN1xZb3hZr8qz4b6u0dC2rE';
    const routes: Route[] = [{ page: 'kiosks' }, { page: 'kiosks', kiosk: kid }, { page: 'alarms' }, { page: 'alarms', alarm: 17 }, { page: 'alarms', kiosk: kid }];
    for (const route of routes) expect(parseRoute(pathOf(route))).toEqual(route);
    expect(pathOf({ page: 'alarms', alarm: 17 })).toBe('/console/alarms/17');
    expect(pathOf({ page: 'kiosks', kiosk: kid })).toBe(`/console/kiosks/${kid}`);
    expect(pathOf({ page: 'alarms', kiosk: kid })).toBe(`/console/alarms/kiosk/${kid}`);
  });

  it('when an alarm address does not name an alarm number, then it is no page', () => {
    for (const path of ['/console/alarms/abc', '/console/alarms/0', '/console/alarms/-3', '/console/alarms/1.5', '/console/alarms/1234567890123456', '/console/kiosks/a/b', '/console/alarms/kiosk', '/console/alarms/17/kiosk', '/console/alarms/kiosk/a/b']) {
      expect(parseRoute(path), path).toEqual({ page: 'not-found', path });
    }
  });
});

describe('a kiosk clock offset in words', () => {
  it('says seconds, minutes, hours or days as people would, fast or slow, and a clock within a second is right', () => {
    expect([59, 119, 120, 600, 7199, 7200, 172_799, 172_800].map(roughDuration)).toEqual([
      { value: 59, unit: 'seconds' },
      { value: 119, unit: 'seconds' },
      { value: 2, unit: 'minutes' },
      { value: 10, unit: 'minutes' },
      { value: 120, unit: 'minutes' },
      { value: 2, unit: 'hours' },
      { value: 48, unit: 'hours' },
      { value: 2, unit: 'days' },
    ]);
    expect([0, 1, -1, 600, -90, -3 * 86_400].map(zhCN.clockOffsetText)).toEqual(['准确', '准确', '准确', '快 10 分钟', '慢 90 秒', '慢 3 天']);
    expect([0, 600, -90, 3600 * 5, -1 * 86_400 * 2].map(en.clockOffsetText)).toEqual(['Right', '10 minutes fast', '90 seconds slow', '5 hours fast', '2 days slow']);
  });
});
