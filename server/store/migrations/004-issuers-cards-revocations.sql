-- Issuer public keys (organisation departments). The server never holds an issuer private key.
CREATE TABLE issuers (
  kid TEXT PRIMARY KEY,
  iss TEXT NOT NULL,
  jwk TEXT NOT NULL,
  registered_at TEXT NOT NULL
) STRICT;

CREATE INDEX issuers_iss ON issuers (iss);

-- Cards registered from their credential. A card that is not active is on the revocation list,
-- with its status as the reason and status_changed_at as the time.
CREATE TABLE cards (
  csn TEXT PRIMARY KEY CHECK (length(csn) = 16),
  member_id INTEGER NOT NULL REFERENCES members (id),
  issuer_kid TEXT NOT NULL REFERENCES issuers (kid),
  credential TEXT NOT NULL,
  jti TEXT NOT NULL UNIQUE,
  issued_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'lost', 'revoked', 'replaced')),
  status_changed_at TEXT NOT NULL,
  replaced_by TEXT REFERENCES cards (csn),
  highest_counter INTEGER NOT NULL DEFAULT 0 CHECK (highest_counter >= 0),
  registered_at TEXT NOT NULL
) STRICT;

CREATE INDEX cards_member ON cards (member_id);
CREATE UNIQUE INDEX cards_one_active_per_member ON cards (member_id) WHERE status = 'active';
CREATE INDEX cards_revoked ON cards (status_changed_at, csn) WHERE status <> 'active';

-- The revocation list's version: every status change bumps seq, and kiosks keep the highest they saw.
CREATE TABLE revocation_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq INTEGER NOT NULL CHECK (seq >= 0),
  changed_at TEXT NOT NULL
) STRICT;

INSERT INTO revocation_state (id, seq, changed_at) VALUES (1, 0, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
