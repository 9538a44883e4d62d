import { migration as outbox } from './001-outbox.ts';
import { migration as attendance } from './002-attendance.ts';
import { migration as enrolment } from './003-enrolment.ts';
import { migration as configCache } from './004-config-cache.ts';
import { migration as adminPin } from './005-admin-pin.ts';
import { migration as meetingMode } from './006-meeting-mode.ts';
import { migration as transparencyLog } from './007-transparency-log.ts';
import { migration as closedMeetings } from './008-closed-meetings.ts';
import { migration as serverClosedMeetings } from './009-server-closed-meetings.ts';
import type { KioskMigration } from './migration.ts';

/*
 * Modules rather than .sql files read from disk: the kiosk is bundled into an Electron app, where a
 * directory listing next to the code is not guaranteed to exist.
 */
export const KIOSK_MIGRATIONS: readonly KioskMigration[] = [
  outbox,
  attendance,
  enrolment,
  configCache,
  adminPin,
  meetingMode,
  transparencyLog,
  closedMeetings,
  serverClosedMeetings,
];
