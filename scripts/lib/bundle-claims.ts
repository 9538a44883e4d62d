/**
 * What a bundle says it is — whose events, on which days — held against each signed event, and every event,
 * leaf and card tap counted once: the server chooses what goes into a bundle, and must not be able to pad
 * a history with someone else's events, another day's, or the same one twice.
 */
import type { EventPayload } from '../../shared/events/event-schema.ts';
import { knownTimeZone, OrgCalendar } from '../../shared/org-calendar.ts';
import type { Bundle } from '../../server/schemas/bundles.ts';
import { CHECKS, fail, pass, type Finding } from './bundle-findings.ts';
import type { OnceMark, Words } from './verify-messages/messages.ts';

export type EvidenceEvent = Extract<EventPayload, { type: 'checkin' | 'transfer.accept' }>;

/** A member's bundle holds events naming that member; an organisation's, events at its kiosks. */
export function subjectFinding(subject: Bundle['subject'], payload: EvidenceEvent): Finding {
  if (subject.kind === 'member') {
    return payload.member === subject.member
      ? pass(CHECKS.subject, (m) => m.findings.memberIsSubject(payload.member))
      : fail(CHECKS.subject, 'not-the-subject', (m) => m.findings.memberNotSubject(payload.member, subject.member));
  }
  return payload.org === subject.org
    ? pass(CHECKS.subject, (m) => m.findings.orgIsSubject(payload.org))
    : fail(CHECKS.subject, 'not-the-subject', (m) => m.findings.orgNotSubject(payload.org, subject.org));
}

/** The bundle's days, in its organisation's time zone (UTC days for a bundle that names none). */
export class BundleWindow {
  private constructor(
    private readonly window: Bundle['window'],
    private readonly calendar: OrgCalendar,
    /** the day the bundle was made: an open window ends there */
    private readonly madeOn: string,
  ) {}

  /** The window, or null with a failed finding when this computer does not know the bundle's time zone. */
  static open(bundle: Bundle, global: Finding[]): BundleWindow | null {
    const zone = bundle.window.timeZone ?? 'UTC';
    if (knownTimeZone(zone) === undefined) {
      global.push(fail(CHECKS.window, 'unknown-zone', (m) => m.findings.unknownZone(zone)));
      return null;
    }
    const calendar = new OrgCalendar(zone);
    return new BundleWindow(bundle.window, calendar, calendar.dayOf(bundle.createdAt));
  }

  /** "2026-03-01 to 2026-03-31 (days in Asia/Shanghai)"; an open end stops at the day the bundle was made. */
  describe(): Words {
    const { from, to } = this.window;
    return (m) => m.findings.window(from, to, this.madeOn, this.calendar.timeZone);
  }

  /**
   * A check-in belongs to the day of its tap, as the server files it. An acceptance belongs to the day the
   * server received it, which is not signed and may come days after the tap (a kiosk offline): so only a
   * tap after the window's end shows it does not belong.
   */
  finding(payload: EvidenceEvent): Finding {
    const { from, to } = this.window;
    const day = this.calendar.dayOf(payload.at);
    const early = payload.type === 'checkin' && from !== null && day < from;
    const late = to !== null && day > to;
    return early || late
      ? fail(CHECKS.window, 'outside', (m) => m.findings.outsideWindow(day, this.calendar.timeZone, from, to))
      : pass(CHECKS.window, (m) => m.findings.onDay(day));
  }
}

/** Each log leaf, event id, kiosk sequence number and card tap may stand for one event of the bundle only. */
export class OnceCheck {
  private readonly firstAt = new Map<string, number>();

  finding(position: number, marks: OnceMark[]): Finding {
    const repeats: { mark: OnceMark; first: number }[] = [];
    for (const mark of marks) {
      const key = JSON.stringify(mark);
      const first = this.firstAt.get(key);
      if (first === undefined) this.firstAt.set(key, position);
      else repeats.push({ mark, first });
    }
    return repeats.length === 0 ? pass(CHECKS.once, (m) => m.findings.once) : fail(CHECKS.once, 'repeated', (m) => m.findings.repeated(repeats));
  }
}
