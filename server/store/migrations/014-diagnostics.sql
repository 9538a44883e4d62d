-- Diagnostics (issue 7): rules read the data and raise findings a person should act on before it is
-- late. Thresholds are configuration: a row overrides the built-in defaults (server/domain/diagnostics/
-- thresholds.ts) for the organisations of `org_kind` (NULL = every kind) in the subtree of `org_id`
-- (NULL = the whole tree). A deeper organisation's row wins over a shallower one's; at the same
-- organisation a kind-specific row wins over a kind-NULL one. `settings` is a JSON object holding a
-- partial set of the rule family's numbers.
CREATE TABLE diagnostic_thresholds (
  id INTEGER PRIMARY KEY,
  org_id INTEGER REFERENCES organisations (id),
  org_kind TEXT CHECK (org_kind IN ('province', 'city', 'county', 'committee', 'general_branch', 'branch')),
  family TEXT NOT NULL,
  settings TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by INTEGER REFERENCES users (id)
) STRICT;

CREATE UNIQUE INDEX diagnostic_thresholds_scope ON diagnostic_thresholds (ifnull(org_id, 0), ifnull(org_kind, ''), family);

-- A finding: one rule's verdict about one subject ('member:17', 'org:4:committee', 'transfer:<id>',
-- 'kiosk:<kid>', 'alarm:<id>', 'card:<csn>'). `episode` names the occurrence (the due date, the last
-- participation day, …): a new episode of the same subject is a new finding. At most one finding per
-- (rule, subject) is live (open or acknowledged); the rule closes it as resolved when its condition no
-- longer holds, or a person resolves it (resolved_by). people: JSON array of member ids; facts: JSON
-- object of what the explanation quotes; evidence: JSON array of { kind, id }.
CREATE TABLE findings (
  id INTEGER PRIMARY KEY,
  rule TEXT NOT NULL,
  subject TEXT NOT NULL,
  episode TEXT NOT NULL,
  org_id INTEGER NOT NULL REFERENCES organisations (id),
  severity TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'serious', 'critical')),
  status TEXT NOT NULL CHECK (status IN ('open', 'acknowledged', 'resolved')),
  people TEXT NOT NULL,
  facts TEXT NOT NULL,
  evidence TEXT NOT NULL,
  opened_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  resolved_at TEXT,
  resolved_by INTEGER REFERENCES users (id),
  CHECK ((status = 'resolved') = (resolved_at IS NOT NULL)),
  CHECK (resolved_by IS NULL OR status = 'resolved')
) STRICT;

CREATE UNIQUE INDEX findings_live ON findings (rule, subject) WHERE status <> 'resolved';
CREATE INDEX findings_subject ON findings (rule, subject, id);
CREATE INDEX findings_org ON findings (org_id, status, id);

-- Everything that happened to a finding, by the rules (user_id NULL) or by a person.
CREATE TABLE finding_history (
  id INTEGER PRIMARY KEY,
  finding_id INTEGER NOT NULL REFERENCES findings (id),
  at TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('opened', 'escalated', 'eased', 'acknowledged', 'resolved')),
  severity TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'serious', 'critical')),
  user_id INTEGER REFERENCES users (id),
  note TEXT
) STRICT;

CREATE INDEX finding_history_finding ON finding_history (finding_id, id);

-- The webhook's outbox: a row per finding opened or escalated while a webhook is configured, written in
-- the same transaction as the finding, so a crash cannot lose a delivery. Rows leave the due set only
-- when the receiver answers 2xx (at least once).
CREATE TABLE webhook_deliveries (
  id INTEGER PRIMARY KEY,
  finding_id INTEGER NOT NULL REFERENCES findings (id),
  action TEXT NOT NULL CHECK (action IN ('opened', 'escalated')),
  payload TEXT NOT NULL,
  created_at TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  delivered_at TEXT,
  last_error TEXT
) STRICT;

CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at, id) WHERE delivered_at IS NULL;

-- What the server last heard from each kiosk: any authenticated request (config pull, event batch), the
-- clock skew of its token, and the outbox backlog it reports (the optional `Mic-Outbox-Pending` header).
-- `backlog_since` is when the current backlog began (the first report above zero since the outbox was last
-- reported empty; NULL once it is), `skew_since` when the current run of contacts with a clock off by more
-- than a second began (NULL once the clock agrees): a backlog or skew finding names its occurrence by them,
-- so a person who closed one is not asked again about the same backlog, but is about the next.
CREATE TABLE kiosk_health (
  kid TEXT PRIMARY KEY REFERENCES kiosks (kid),
  last_seen_at TEXT NOT NULL,
  skew_seconds INTEGER NOT NULL,
  skew_since TEXT,
  outbox_pending INTEGER CHECK (outbox_pending >= 0),
  pending_reported_at TEXT,
  backlog_since TEXT
) STRICT, WITHOUT ROWID;

-- Meeting cadence asks for each organisation's latest meeting of each kind.
CREATE INDEX meetings_org_kind_start ON meetings (org_id, kind, starts_at) WHERE status <> 'cancelled';

-- "Three meetings and one lecture" for branches (DESIGN §1): general meeting quarterly, committee and
-- group meetings monthly, a monthly theme day. The lecture's frequency is a local rule: not required
-- until a county configures it.
INSERT INTO diagnostic_thresholds (org_id, org_kind, family, settings, updated_at) VALUES
  (NULL, 'branch', 'meeting-cadence', '{"every":{"general_meeting":"P3M","committee":"P1M","group":"P1M","theme_day":"P1M"}}', '2026-01-01T00:00:00.000Z');
