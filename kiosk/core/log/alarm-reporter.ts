import type { Outbox } from '../outbox/outbox.ts';
import type { Clock } from '../time/clock.ts';
import { eventTime } from '../time/rfc3339.ts';
import type { LogAlarmStore } from './log-alarm-store.ts';

/**
 * Puts every alarm not yet reported into the outbox as a signed `kiosk.alarm` event, which the next sync
 * round delivers like any other ("in its next report"). The event is committed before the alarm is marked
 * reported: a power cut in between reports it twice, never not at all.
 */
export async function reportAlarms(alarms: LogAlarmStore, outbox: Outbox, clock: Clock): Promise<number> {
  let reported = 0;
  for (const alarm of alarms.unreported()) {
    const { seq } = await outbox.append({
      type: 'kiosk.alarm',
      at: eventTime(clock).at,
      alarm: alarm.kind,
      ...(alarm.eventSeq !== undefined && { eventSeq: alarm.eventSeq }),
      ...(alarm.logIndex !== undefined && { logIndex: alarm.logIndex }),
      ...(alarm.checkpointSize !== undefined && { checkpointSize: alarm.checkpointSize }),
      ...(alarm.reason !== undefined && { reason: alarm.reason }),
      detail: alarm.detail,
    });
    alarms.markReported(alarm.id, seq);
    reported += 1;
  }
  return reported;
}
