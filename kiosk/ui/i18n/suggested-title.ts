import type { MeetingKind } from '../../core/kiosk-api.ts';
import { meetingKindLabel } from './meeting-kind.ts';
import type { ClockReading } from './org-clock.tsx';
import { zhCN } from './zh-CN.ts';

/**
 * The title suggested for an ad-hoc meeting of kind `code` held on `date`, such as 党小组会（11月28日）. The title
 * is the organisation's record: the server stores it and every Chinese screen and console shows it, so it is
 * Chinese whatever language the secretary's screen is in.
 */
export function suggestedMeetingTitle(kinds: readonly MeetingKind[] | null, code: string, date: ClockReading): string {
  return `${meetingKindLabel(zhCN, 'zh-CN', kinds, code)}（${date.month}月${date.day}日）`;
}
