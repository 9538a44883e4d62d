-- The findings summary (GET /api/v1/findings/summary) counts the live findings within reach by rule, severity and
-- status. Through the findings' organisations, a province's root meant a look-up for each of its 200,000
-- organisations and a sort of its 285,000 live findings: a quarter of a second in which the server answered
-- nobody. A finding now carries its organisation's path, which never changes once the organisation exists (the
-- diagnostics writer sets it with org_id, server/store/sqlite/diagnostics-sql.ts), so each rule, severity and
-- status within reach is one range of this index (server/store/sqlite/findings-sql.ts).
ALTER TABLE findings ADD COLUMN org_path TEXT;

UPDATE findings SET org_path = (SELECT o.path FROM organisations o WHERE o.id = findings.org_id);

CREATE INDEX findings_live_counts ON findings (rule, severity, status, org_path) WHERE status <> 'resolved';
