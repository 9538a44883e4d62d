-- Members. The resident ID number is only ever stored sealed (AES-256-GCM, see
-- server/crypto/id-number-cipher.ts); `idh` is its keyed hash, the same value the card carries.
CREATE TABLE members (
  id INTEGER PRIMARY KEY,
  member_number TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  id_number_sealed BLOB NOT NULL,
  idh TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'left', 'deceased')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

-- Where a member belongs, over time: a home period (the membership) and mobile periods (registered
-- with an inflow organisation while away). Dates are YYYY-MM-DD; valid_to is exclusive, NULL = open.
CREATE TABLE membership_periods (
  id INTEGER PRIMARY KEY,
  member_id INTEGER NOT NULL REFERENCES members (id),
  org_id INTEGER NOT NULL REFERENCES organisations (id),
  kind TEXT NOT NULL CHECK (kind IN ('home', 'mobile')),
  valid_from TEXT NOT NULL,
  valid_to TEXT,
  created_at TEXT NOT NULL,
  CHECK (valid_to IS NULL OR valid_to > valid_from)
) STRICT;

CREATE INDEX membership_periods_member ON membership_periods (member_id, kind, valid_from);
CREATE INDEX membership_periods_org ON membership_periods (org_id, kind, valid_from);
-- A member has at most one open home period: membership moves by closing one and opening the next.
CREATE UNIQUE INDEX membership_periods_one_open_home ON membership_periods (member_id) WHERE kind = 'home' AND valid_to IS NULL;
