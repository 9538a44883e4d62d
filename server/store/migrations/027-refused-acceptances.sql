-- At the receiving branch's kiosk a member taps and the secretary confirms with their own card: the kiosk shows the
-- transfer as done once it has checked both cards offline. The server judges the transfer.accept event only when
-- the kiosk's outbox sends it, and may refuse it (the letter expired or was decided meanwhile, a card it does not
-- know or that was revoked, a confirming card that is not a secretary's, …). The letter then stays open, and only the
-- refused event itself said so, with the letter and the member inside its signed payload. This table names them for
-- each refused acceptance, so the letter lists them (GET /api/v1/transfers/:id/refused-acceptances) and the letter
-- lists tag it. Event ingest writes a row for every signed acceptance it refuses (server/domain/ingest/apply-batch.ts).
-- Only acceptances naming a letter addressed to the kiosk's own organisation: a letter the server does not know has
-- nowhere to be shown, and another organisation's kiosk naming a letter (ERR_TRANSFER_WRONG_KIOSK_ORG) must not add
-- to it.
CREATE TABLE refused_acceptances (
  event_row INTEGER PRIMARY KEY REFERENCES events (id),
  transfer_id TEXT NOT NULL REFERENCES transfers (id),
  member_number TEXT NOT NULL
) STRICT;

CREATE INDEX refused_acceptances_transfer ON refused_acceptances (transfer_id);

-- The acceptances refused before this table existed, read from their payloads as 026 reads refused check-ins: the
-- JWS's middle part, base64url, decoded four characters (three bytes) at a time, joined in order and read as JSON.
WITH RECURSIVE
  payloads (event_row, text) AS MATERIALIZED (
    SELECT id, substr(jws, instr(jws, '.') + 1, instr(substr(jws, instr(jws, '.') + 1), '.') - 1)
    FROM events WHERE type = 'transfer.accept' AND status = 'rejected' AND signed = 1
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
INSERT INTO refused_acceptances (event_row, transfer_id, member_number)
SELECT d.event_row, d.payload ->> '$.transfer', d.payload ->> '$.member'
FROM decoded d
JOIN events e ON e.id = d.event_row
JOIN kiosks k ON k.kid = e.kiosk_kid
JOIN transfers t ON t.id = d.payload ->> '$.transfer' AND t.to_org_id = k.org_id;
