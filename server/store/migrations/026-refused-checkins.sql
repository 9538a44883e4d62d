-- A member who taps a card at a kiosk sees green as soon as the kiosk has checked the card offline; the server
-- judges the check-in only when the kiosk's outbox sends it, and may refuse it (a card it does not know, one revoked
-- after the kiosk last synced, …). The member is then not counted, and only the refused event itself said so, with
-- the meeting and the member inside its signed payload. This table names them for each refused check-in, so a
-- meeting's page lists its refused check-ins (GET /api/v1/meetings/:id/refused-checkins) and the meeting list counts
-- them. Event ingest writes a row for every signed check-in it refuses (server/domain/ingest/apply-batch.ts).
-- Only check-ins naming a meeting of the kiosk's own organisation: a meeting the server does not know has no page,
-- and another organisation's kiosk naming a meeting (ERR_MEETING_CONFLICT) must not add to that meeting's list.
CREATE TABLE refused_checkins (
  event_row INTEGER PRIMARY KEY REFERENCES events (id),
  meeting_id TEXT NOT NULL,
  member_number TEXT NOT NULL
) STRICT;

CREATE INDEX refused_checkins_meeting ON refused_checkins (meeting_id, member_number);

-- The check-ins refused before this table existed, read from their payloads: the JWS's middle part, base64url, is
-- decoded here four characters (three bytes) at a time, joined in order and read as JSON. Only refused check-ins
-- are decoded, once; the events were verified when they came (signed = 1), so their payloads follow the schema.
WITH RECURSIVE
  payloads (event_row, text) AS MATERIALIZED (
    SELECT id, substr(jws, instr(jws, '.') + 1, instr(substr(jws, instr(jws, '.') + 1), '.') - 1)
    FROM events WHERE type = 'checkin' AND status = 'rejected' AND signed = 1
  ),
  positions (pos) AS (
    SELECT 1 UNION ALL SELECT pos + 4 FROM positions WHERE pos + 4 <= (SELECT max(length(text)) FROM payloads)
  ),
  alphabet (letters) AS (VALUES ('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_')),
  -- Each group of four letters is 24 bits, written as six hex digits; a last group of two or three letters
  -- (base64url has no padding) holds one or two bytes. A letter past the end is '', which instr finds at 1: zero bits.
  groups (event_row, pos, hex) AS (
    SELECT p.event_row, n.pos, substr(
      printf('%06X',
        ((instr(a.letters, substr(p.text, n.pos, 1)) - 1) << 18)
        | ((instr(a.letters, substr(p.text, n.pos + 1, 1)) - 1) << 12)
        | ((instr(a.letters, substr(p.text, n.pos + 2, 1)) - 1) << 6)
        | (instr(a.letters, substr(p.text, n.pos + 3, 1)) - 1)),
      1, (min(length(p.text) - n.pos + 1, 4) - 1) * 2)
    FROM payloads p JOIN positions n ON n.pos <= length(p.text) CROSS JOIN alphabet a
  ),
  decoded (event_row, payload) AS (
    SELECT event_row, CAST(unhex(group_concat(hex, '' ORDER BY pos)) AS TEXT) FROM groups GROUP BY event_row
  )
INSERT INTO refused_checkins (event_row, meeting_id, member_number)
SELECT d.event_row, d.payload ->> '$.meeting', d.payload ->> '$.member'
FROM decoded d
JOIN events e ON e.id = d.event_row
JOIN kiosks k ON k.kid = e.kiosk_kid
JOIN meetings m ON m.id = d.payload ->> '$.meeting' AND m.org_id = k.org_id;
