-- Signed-event ingest (DESIGN §4). Nothing a kiosk sends is thrown away: every event that arrives is a
-- row of `events`, accepted or not, with the reason and the server's receipt time beside the kiosk's claim.

-- One row per POST /api/v1/events, so each event keeps the request it came in and the kiosk's clock skew
-- measured at that moment (bearer token iat − server time, in seconds).
CREATE TABLE ingest_batches (
  id INTEGER PRIMARY KEY,
  kiosk_kid TEXT NOT NULL REFERENCES kiosks (kid),
  received_at TEXT NOT NULL,
  token_skew_seconds INTEGER NOT NULL,
  event_count INTEGER NOT NULL CHECK (event_count >= 0)
) STRICT;

CREATE INDEX ingest_batches_kiosk ON ingest_batches (kiosk_kid, id);

-- Every event received. `kiosk_kid` is the kiosk that sent it (the bearer token), which is also the
-- signer for every event that verified. seq / event_id / type / at are what the payload says; when
-- `signed` = 0 the signature or schema failed and they are unverified claims, kept as evidence.
-- `chained` = 1 marks the one event that holds (kiosk, seq) in the kiosk's prev-hash chain; every other
-- event at that seq is fork evidence. A `held` event arrived ahead of a gap and waits for it to fill;
-- `held_taps` keeps its card-evidence verdict until then, so releasing it needs no crypto.
CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  batch_id INTEGER NOT NULL REFERENCES ingest_batches (id),
  kiosk_kid TEXT NOT NULL REFERENCES kiosks (kid),
  jws TEXT NOT NULL,
  jws_hash BLOB NOT NULL CHECK (length(jws_hash) = 32),
  signed INTEGER NOT NULL CHECK (signed IN (0, 1)),
  seq INTEGER,
  event_id TEXT,
  type TEXT,
  at TEXT,
  received_at TEXT NOT NULL,
  -- the kiosk's `at` minus the receipt time, set only when `at` is further ahead than the tolerance
  clock_ahead_ms INTEGER,
  status TEXT NOT NULL CHECK (status IN ('accepted', 'rejected', 'held')),
  code TEXT,
  chained INTEGER NOT NULL DEFAULT 0 CHECK (chained IN (0, 1)),
  log_index INTEGER UNIQUE,
  held_taps TEXT,
  CHECK ((status = 'accepted') = (log_index IS NOT NULL)),
  CHECK ((status = 'accepted') = (code IS NULL)),
  CHECK (status <> 'accepted' OR chained = 1),
  CHECK (chained = 0 OR signed = 1),
  CHECK ((status = 'held') = (held_taps IS NOT NULL))
) STRICT;

-- The same bytes from the same kiosk are one event: a resend finds its first receipt here.
CREATE UNIQUE INDEX events_kiosk_hash ON events (kiosk_kid, jws_hash);
CREATE UNIQUE INDEX events_chain ON events (kiosk_kid, seq) WHERE chained = 1;
CREATE INDEX events_held ON events (kiosk_kid, seq, id) WHERE status = 'held';
-- attendance.event_id names an accepted event by this id, so an id is accepted once.
CREATE UNIQUE INDEX events_accepted_id ON events (event_id) WHERE status = 'accepted';
CREATE INDEX events_kiosk_type ON events (kiosk_kid, type);

-- Each presence counter a card has signed, with the tap it signed: a second signature on the same
-- counter over a different challenge proves the card key exists twice (a clone).
CREATE TABLE card_counter_uses (
  csn TEXT NOT NULL REFERENCES cards (csn),
  counter INTEGER NOT NULL CHECK (counter >= 1),
  event_row INTEGER NOT NULL REFERENCES events (id),
  challenge BLOB NOT NULL CHECK (length(challenge) = 32),
  PRIMARY KEY (csn, counter)
) STRICT, WITHOUT ROWID;

-- What ingest found that a person must look at. `event_ids` is a JSON array of the events' UUIDs (the
-- evidence, all kept in `events`); `org_id` is the kiosk's organisation, so alarms scope like the rest.
CREATE TABLE alarms (
  id INTEGER PRIMARY KEY,
  type TEXT NOT NULL CHECK (type IN ('fork', 'chain', 'clone', 'replay', 'skew', 'denied')),
  kiosk_kid TEXT NOT NULL REFERENCES kiosks (kid),
  org_id INTEGER NOT NULL REFERENCES organisations (id),
  csn TEXT,
  event_ids TEXT NOT NULL,
  at TEXT NOT NULL,
  details TEXT NOT NULL
) STRICT;

CREATE INDEX alarms_org ON alarms (org_id, id);
