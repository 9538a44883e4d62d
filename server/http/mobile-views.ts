import { mobileStatus } from '../domain/mobile-periods.ts';
import type { MobilePeriodView } from '../schemas/mobile-periods.ts';
import type { MobilePeriod } from '../store/repositories/mobile-periods.ts';

/** A registration → the API's shape, with its status on `today` (YYYY-MM-DD, the server's date). */
export const mobilePeriodView = (period: MobilePeriod, today: string): MobilePeriodView => ({
  id: period.id,
  member: period.memberNumber,
  memberName: period.memberName,
  kind: 'mobile',
  org: period.orgCode,
  orgName: period.orgName,
  homeOrg: period.homeOrgCode,
  homeOrgName: period.homeOrgName,
  from: period.validFrom,
  to: period.validTo,
  reason: period.reason,
  status: mobileStatus(period, today),
  endedEarly: period.endedAt !== null,
  endedAt: period.endedAt,
});
