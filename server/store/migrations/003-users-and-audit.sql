-- People who use the console and the human API. Admins have no organisation; everyone else has one.
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'organiser', 'secretary', 'auditor')),
  org_id INTEGER REFERENCES organisations (id),
  disabled_at TEXT,
  created_at TEXT NOT NULL,
  CHECK ((role = 'admin') = (org_id IS NULL))
) STRICT;

-- Every write a person makes (through the API or the admin command), in the same transaction as the
-- write. `org_id` is the organisation the target belongs to, so auditors see their subtree's trail.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  actor_user_id INTEGER REFERENCES users (id),
  action TEXT NOT NULL,
  target_type TEXT NOT NULL,
  target_id TEXT NOT NULL,
  org_id INTEGER REFERENCES organisations (id),
  summary TEXT NOT NULL
) STRICT;

CREATE INDEX audit_log_org ON audit_log (org_id, id);
