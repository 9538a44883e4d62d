-- Kiosks report alarms of their own (a `kiosk.alarm` event: their check of the transparency log found an
-- event missing or the log rolled back); ingest raises them as alarms of type 'kiosk-report'. SQLite
-- cannot change a CHECK in place, so the table is rebuilt with the wider list, rows and ids kept.
-- Nothing references `alarms`, so dropping the old table leaves no dangling key.
CREATE TABLE alarms_widened (
  id INTEGER PRIMARY KEY,
  type TEXT NOT NULL CHECK (type IN ('fork', 'chain', 'clone', 'replay', 'skew', 'denied', 'kiosk-report')),
  kiosk_kid TEXT NOT NULL REFERENCES kiosks (kid),
  org_id INTEGER NOT NULL REFERENCES organisations (id),
  csn TEXT,
  event_ids TEXT NOT NULL,
  at TEXT NOT NULL,
  details TEXT NOT NULL
) STRICT;

INSERT INTO alarms_widened (id, type, kiosk_kid, org_id, csn, event_ids, at, details)
  SELECT id, type, kiosk_kid, org_id, csn, event_ids, at, details FROM alarms;

DROP TABLE alarms;
ALTER TABLE alarms_widened RENAME TO alarms;
CREATE INDEX alarms_org ON alarms (org_id, id);
