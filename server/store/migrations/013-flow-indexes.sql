-- Flows (GET /api/v1/flows) read a time window of cross-organisation check-ins and of mobile registrations
-- across the whole tree. These partial indexes make each a range scan over just those rows; the attendance
-- one covers the pair it groups by, so the table itself is not read.
CREATE INDEX attendance_cross_org_flows ON attendance (at, home_org_id, host_org_id) WHERE cross_org = 1;
CREATE INDEX membership_periods_mobile_start ON membership_periods (valid_from, member_id, org_id) WHERE kind = 'mobile';
