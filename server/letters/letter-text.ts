import { lastValidInstant } from '../../shared/letter-validity.ts';
import type { OrgCalendar } from '../../shared/org-calendar.ts';
import type { Transfer } from '../store/repositories/transfers.ts';

/**
 * The words of a transfer letter (党员组织关系介绍信), shared by the HTML print view and the PDF: the stub
 * the sender keeps (存根), the letter the member carries (介绍信) and the receipt the receiver returns (回执).
 */
export interface LetterText {
  title: string;
  number: string;
  /** why the letter is no longer good to use, printed across it; null while it is open */
  notice: string | null;
  stub: { heading: string; lines: string[] };
  letter: { heading: string; salutation: string; body: string[]; signature: string; date: string };
  receipt: { heading: string; salutation: string; body: string[]; signature: string; date: string };
}

/** The ideographic space (U+3000): Chinese print indents and spaces with it. */
export const FULL_WIDTH_SPACE = '\u3000';
const blank = FULL_WIDTH_SPACE.repeat(2);

/** A day as a person writes it on a letter ('2026年3月2日'), the organisation's day of the instant. */
const letterDate = (instant: string | Date, calendar: OrgCalendar): string =>
  new Intl.DateTimeFormat('zh-CN', { timeZone: calendar.timeZone, year: 'numeric', month: 'long', day: 'numeric' }).format(new Date(instant));

function noticeOf(transfer: Transfer, calendar: OrgCalendar): string | null {
  switch (transfer.status) {
    case 'issued':
      return null;
    case 'accepted':
      return `已于${letterDate(transfer.closedAt ?? transfer.expiresAt, calendar)}接收，本信仅供存档`;
    case 'returned':
      return `已被接收单位退回：${transfer.closeReason ?? ''}`;
    case 'cancelled':
      return '已撤销，作废';
    case 'expired':
      return '已过有效期，作废';
  }
}

/**
 * Dates are the organisation's days: the letter is dated as the people who sign and carry it read their calendar,
 * and is good to the end of the day it names as its last.
 */
export function letterText(transfer: Transfer, calendar: OrgCalendar): LetterText {
  const who = `${transfer.memberName}同志（党员编号：${transfer.memberNumber}）`;
  const issued = letterDate(transfer.issuedAt, calendar);
  const expires = letterDate(lastValidInstant(transfer.expiresAt), calendar);
  return {
    title: '中国共产党党员组织关系介绍信',
    number: transfer.id,
    notice: noticeOf(transfer, calendar),
    stub: {
      heading: '存根',
      lines: [
        `${who}的党员组织关系由${transfer.fromOrgName}转往${transfer.toOrgName}。`,
        `转出原因：${transfer.reason}`,
        `有效期：${transfer.validDays}天（${issued}至${expires}）`,
        `开具日期：${issued}${FULL_WIDTH_SPACE}经办：${transfer.issuedBy}`,
      ],
    },
    letter: {
      heading: '介绍信',
      salutation: `${transfer.toOrgName}：`,
      body: [`兹介绍${who}的党员组织关系转去你处，请接洽。`, `（有效期${transfer.validDays}天，至${expires}止）`],
      signature: `${transfer.fromOrgName}（盖章）`,
      date: issued,
    },
    receipt: {
      heading: '回执',
      salutation: `${transfer.fromOrgName}：`,
      body: [`${who}的党员组织关系已转达我处，特此回执。`],
      signature: `${transfer.toOrgName}（盖章）`,
      date: `${blank}年${blank}月${blank}日`,
    },
  };
}
