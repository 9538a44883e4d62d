import type { AlarmView } from '../schemas/alarms.ts';
import type { Alarm } from '../store/repositories/alarms.ts';

export const alarmView = (alarm: Alarm): AlarmView => ({
  id: alarm.id,
  type: alarm.type,
  kiosk: alarm.kioskKid,
  kioskName: alarm.kioskName,
  org: alarm.orgCode,
  csn: alarm.csn,
  events: alarm.eventIds,
  at: alarm.at,
  details: alarm.details,
});
