-- Who took part in which meeting, written by event ingest. The member's home organisation is copied
-- as it was at that moment, so cross-organisation flows are a query, not a reconstruction.
-- attended_as: 'home' (own organisation), 'mobile' (registered mobile member of the host), 'visitor'.
-- event_id is the UUIDv7 of the accepted signed event that is the evidence; the event store belongs to
-- the ingest migrations, so it is referenced by value here.
CREATE TABLE attendance (
  id INTEGER PRIMARY KEY,
  meeting_id TEXT NOT NULL REFERENCES meetings (id),
  member_id INTEGER NOT NULL REFERENCES members (id),
  host_org_id INTEGER NOT NULL REFERENCES organisations (id),
  home_org_id INTEGER REFERENCES organisations (id),
  cross_org INTEGER NOT NULL CHECK (cross_org IN (0, 1)),
  attended_as TEXT NOT NULL CHECK (attended_as IN ('home', 'mobile', 'visitor')),
  card_csn TEXT REFERENCES cards (csn),
  kiosk_kid TEXT REFERENCES kiosks (kid),
  at TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  event_id TEXT NOT NULL UNIQUE,
  UNIQUE (meeting_id, member_id)
) STRICT;

CREATE INDEX attendance_member ON attendance (member_id, at);
CREATE INDEX attendance_host_org ON attendance (host_org_id, at);
CREATE INDEX attendance_home_org ON attendance (home_org_id, at);
