-- Transfer letters (DESIGN §1, issue 5): the sending organisation issues a letter naming the receiving
-- one; the member stays with the sender until the receiver accepts. `id` is a UUIDv7: printed as the
-- letter's QR code and named by the kiosk's `transfer.accept` event.
-- status: 'issued' (open) → 'accepted' | 'returned' (by the receiver) | 'cancelled' (by the sender) |
-- 'expired' (validity lapsed; written by the sweep, and read as expired as soon as expires_at passes).
CREATE TABLE transfers (
  id TEXT PRIMARY KEY,
  member_id INTEGER NOT NULL REFERENCES members (id),
  from_org_id INTEGER NOT NULL REFERENCES organisations (id),
  to_org_id INTEGER NOT NULL REFERENCES organisations (id),
  reason TEXT NOT NULL,
  valid_days INTEGER NOT NULL CHECK (valid_days >= 1),
  issued_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  issued_by TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('issued', 'accepted', 'returned', 'cancelled', 'expired')),
  closed_at TEXT,
  closed_by TEXT,
  close_reason TEXT,
  accepted_via TEXT CHECK (accepted_via IN ('console', 'kiosk')),
  -- the accepted `transfer.accept` event (kiosk acceptance): its evidence is in `events` and the log
  accept_event_id TEXT,
  CHECK (from_org_id <> to_org_id),
  CHECK (expires_at > issued_at),
  CHECK ((status = 'issued') = (closed_at IS NULL)),
  CHECK ((status = 'accepted') = (accepted_via IS NOT NULL)),
  CHECK (accept_event_id IS NULL OR accepted_via = 'kiosk')
) STRICT;

-- One open letter per member: a second one fails here, whatever the code above it does.
CREATE UNIQUE INDEX transfers_one_open_per_member ON transfers (member_id) WHERE status = 'issued';
CREATE INDEX transfers_member ON transfers (member_id, issued_at);
CREATE INDEX transfers_to_org ON transfers (to_org_id, status, expires_at);
CREATE INDEX transfers_from_org ON transfers (from_org_id, issued_at);
CREATE INDEX transfers_open_expiry ON transfers (expires_at) WHERE status = 'issued';
CREATE INDEX transfers_accepted ON transfers (closed_at) WHERE status = 'accepted';

-- The numbers of the transfer rule are configuration (the county's organisation department sets them),
-- not code: the default validity and the longest allowed. Regions are not modelled, so the maximum
-- applies to every letter, cross-region ones included.
CREATE TABLE transfer_rules (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  default_valid_days INTEGER NOT NULL CHECK (default_valid_days >= 1),
  max_valid_days INTEGER NOT NULL CHECK (max_valid_days >= default_valid_days)
) STRICT;

INSERT INTO transfer_rules (id, default_valid_days, max_valid_days) VALUES (1, 30, 90);

-- A console user may be a member too. A secretary's card confirms acceptances at the kiosk, so a member
-- linked to a secretary of organisation X counts as a secretary of X.
ALTER TABLE users ADD COLUMN member_id INTEGER REFERENCES members (id);
CREATE INDEX users_member ON users (member_id) WHERE member_id IS NOT NULL;
