-- Enrolled kiosks. kid is the RFC 7638 thumbprint of the kiosk's Ed25519 public key.
CREATE TABLE kiosks (
  kid TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  org_id INTEGER NOT NULL REFERENCES organisations (id),
  jwk TEXT NOT NULL,
  enrolled_at TEXT NOT NULL,
  disabled_at TEXT
) STRICT;

CREATE INDEX kiosks_org ON kiosks (org_id);

-- One-time enrolment tokens. Only the SHA-256 of the token is kept, so the database cannot enrol.
CREATE TABLE kiosk_enrolment_tokens (
  id INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  org_id INTEGER NOT NULL REFERENCES organisations (id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT,
  used_by_kid TEXT REFERENCES kiosks (kid),
  CHECK ((used_at IS NULL) = (used_by_kid IS NULL))
) STRICT;
