import type { EventFacts, TapVerdict } from '../../verify/verdicts.ts';
import { classifyAttendance } from '../attendance.ts';
import { judgeTap } from './judge-tap.ts';
import { utc } from '../../clock.ts';
import type { FailedTap } from '../../schemas/transfers.ts';
import type { Effect, JudgeContext, Judgement } from './judgement.ts';
import { judgeTransferLetter } from './transfer-acceptance.ts';

type CheckinEvent = Extract<EventFacts, { type: 'checkin' }>;
type TransferAcceptEvent = Extract<EventFacts, { type: 'transfer.accept' }>;
type MeetingOpenEvent = Extract<EventFacts, { type: 'meeting.open' }>;
type MeetingCloseEvent = Extract<EventFacts, { type: 'meeting.close' }>;
type CardDeniedEvent = Extract<EventFacts, { type: 'card.denied' }>;
type KioskAlarmEvent = Extract<EventFacts, { type: 'kiosk.alarm' }>;

const refuse = (code: NonNullable<Judgement['code']>, effects: Effect[] = [], failedTap?: FailedTap): Judgement => ({ code, effects, failedTap });
const accept = (effects: Effect[] = []): Judgement => ({ code: null, effects });

async function judgeCheckin(ctx: JudgeContext, event: CheckinEvent, taps: TapVerdict[]): Promise<Judgement> {
  const effects: Effect[] = [];
  const tap = await judgeTap(ctx, event, taps[0]!, event.member, effects);
  if (tap.code) return refuse(tap.code, effects);
  // Scheduled on the server, or opened by a kiosk's meeting.open earlier in its chain.
  const meeting = await ctx.tx.meeting(event.meeting);
  if (!meeting) return refuse('ERR_MEETING_UNKNOWN', effects);
  // The kiosk signs its own organisation into the event: counted at another one's meeting, the history would say otherwise.
  if (meeting.orgId !== ctx.kiosk.orgId) return refuse('ERR_MEETING_CONFLICT', effects);
  const at = utc(event.at);
  // The tap's own time decides, never the arrival: a kiosk offline since before the close still counts its earlier taps.
  if (meeting.closedAt !== null && at >= meeting.closedAt) return refuse('ERR_MEETING_CLOSED', effects);
  effects.push(async () => {
    // Home, mobile or visitor on the organisation's day of the tap, the day periods are counted in: the instant
    // decides, not the offset the kiosk wrote it with, so a kiosk set to another zone files taps alike.
    const facts = classifyAttendance(await ctx.tx.periodsAt(tap.card.memberId, ctx.calendar.dayOf(at)), meeting.orgId);
    // A second tap of the same member at the same meeting is an accepted event but no second row.
    await ctx.tx.recordAttendance({
      meetingId: meeting.id,
      memberId: tap.card.memberId,
      hostOrgId: meeting.orgId,
      ...facts,
      cardCsn: tap.card.csn,
      kioskKid: ctx.kiosk.kid,
      at,
      recordedAt: ctx.now,
      eventId: event.id,
    });
  });
  return accept(effects);
}

async function judgeTransferAccept(ctx: JudgeContext, event: TransferAcceptEvent, taps: TapVerdict[]): Promise<Judgement> {
  const effects: Effect[] = [];
  const [memberTap, secretaryTap] = [taps[0]!, taps[1]!];
  // One card cannot confirm its own transfer; judging it twice would also record its counter twice.
  if (memberTap.ok && secretaryTap.ok && memberTap.csn === secretaryTap.csn) {
    const member = await judgeTap(ctx, event, memberTap, event.member, effects);
    return member.code ? refuse(member.code, effects, 'member') : refuse('ERR_EVENT_SECRETARY_IS_MEMBER', effects);
  }
  const member = await judgeTap(ctx, event, memberTap, event.member, effects);
  const secretary = await judgeTap(ctx, event, secretaryTap, null, effects);
  // The member's tap is judged first and gives the code; the letter's list still says when the secretary's failed too.
  if (member.code) return refuse(member.code, effects, secretary.code ? 'both' : 'member');
  if (secretary.code) return refuse(secretary.code, effects, 'secretary');
  if (secretary.card.memberId === member.card.memberId) return refuse('ERR_EVENT_SECRETARY_IS_MEMBER', effects);
  const letter = await judgeTransferLetter(ctx, event, member.card, secretary.card);
  if (letter.code) return refuse(letter.code, effects);
  effects.push(letter.effect);
  return accept(effects);
}

async function judgeMeetingOpen(ctx: JudgeContext, event: MeetingOpenEvent): Promise<Judgement> {
  if (!(await ctx.tx.isMeetingKindActive(event.kind))) return refuse('ERR_MEETING_KIND_UNKNOWN');
  const existing = await ctx.tx.meeting(event.meeting);
  // The kiosk chose the id; only its own ad-hoc meeting may already have it.
  if (existing) return existing.origin === 'ad_hoc' && existing.openedByKid === ctx.kiosk.kid ? accept() : refuse('ERR_MEETING_CONFLICT');
  return accept([
    async () => {
      await ctx.tx.openAdHocMeeting({ id: event.meeting, orgId: ctx.kiosk.orgId, kind: event.kind, title: event.title, startsAt: utc(event.at), openedByKid: ctx.kiosk.kid }, ctx.now);
    },
  ]);
}

async function judgeMeetingClose(ctx: JudgeContext, event: MeetingCloseEvent): Promise<Judgement> {
  const meeting = await ctx.tx.meeting(event.meeting);
  if (!meeting) return refuse('ERR_MEETING_UNKNOWN');
  if (meeting.orgId !== ctx.kiosk.orgId) return refuse('ERR_MEETING_CONFLICT');
  // A meeting closes once, and the first close stands: the taps it let in are counted. A later one (the secretary at
  // a second door pressed 结束会议 too) is accepted and changes nothing.
  if (meeting.closedAt !== null) return accept();
  const closedAt = utc(event.at);
  // An ad-hoc meeting ends at its close, so not before it started; a scheduled one may close at any time (a secretary
  // who opened it early), its planned times kept beside the close.
  const closable = meeting.origin === 'ad_hoc' ? meeting.status === 'open' && closedAt > meeting.startsAt : meeting.status === 'scheduled';
  if (!closable) return refuse('ERR_MEETING_NOT_OPEN');
  return accept([
    async () => {
      await ctx.tx.closeMeeting(meeting.id, closedAt);
    },
  ]);
}

/** A denial is the kiosk's report of a card it refused: stored and logged as it is (counted per kiosk by type). */
const judgeCardDenied = (_event: CardDeniedEvent): Judgement => accept();

/**
 * A kiosk reporting that the log failed its check (an event it holds a receipt for is missing, or the log
 * rolled back): accepted, so the report itself becomes a log leaf, and raised for a person to look at.
 */
function judgeKioskAlarm(ctx: JudgeContext, event: KioskAlarmEvent): Judgement {
  const { alarm, eventSeq, logIndex, checkpointSize, reason, detail } = event;
  return accept([
    async () => {
      await ctx.tx.raiseAlarm({
        type: 'kiosk-report',
        kioskKid: ctx.kiosk.kid,
        orgId: ctx.kiosk.orgId,
        csn: null,
        eventIds: [event.id],
        at: ctx.now,
        details: { alarm, eventSeq: eventSeq ?? null, logIndex: logIndex ?? null, checkpointSize: checkpointSize ?? null, reason: reason ?? null, detail },
      });
    },
  ]);
}

/**
 * The content of an event that holds its place in the kiosk's chain: the organisation it claims, its
 * id, its card evidence against the server's records, and its domain rule. Reads only; the writes come
 * back as effects.
 */
export async function judgeEvent(ctx: JudgeContext, event: EventFacts, taps: TapVerdict[]): Promise<Judgement> {
  if (event.org !== ctx.kiosk.orgCode) return refuse('ERR_EVENT_ORG_MISMATCH');
  // attendance.event_id names the accepted event by this id, so one id is accepted once.
  if (await ctx.tx.isEventIdAccepted(event.id)) return refuse('ERR_EVENT_ID_REUSED');
  switch (event.type) {
    case 'checkin':
      return judgeCheckin(ctx, event, taps);
    case 'transfer.accept':
      return judgeTransferAccept(ctx, event, taps);
    case 'meeting.open':
      return judgeMeetingOpen(ctx, event);
    case 'meeting.close':
      return judgeMeetingClose(ctx, event);
    case 'card.denied':
      return judgeCardDenied(event);
    case 'kiosk.alarm':
      return judgeKioskAlarm(ctx, event);
  }
}
