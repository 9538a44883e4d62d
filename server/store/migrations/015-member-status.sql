-- A member's status (migration 002) changes with the day it took effect and why: a member suspended,
-- reinstated, who left or died. The latest change is kept on the member (NULL: active since registration);
-- every change is in the audit trail.
ALTER TABLE members ADD COLUMN status_since TEXT;
ALTER TABLE members ADD COLUMN status_reason TEXT;
