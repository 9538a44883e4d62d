-- Meeting kinds are configuration, not code: rows here (seeded with the usual set; cadence is an
-- ISO 8601 duration, NULL where local rules decide). The six-month warning reads these later.
CREATE TABLE meeting_kinds (
  code TEXT PRIMARY KEY,
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL,
  cadence TEXT,
  sort_order INTEGER NOT NULL,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

INSERT INTO meeting_kinds (code, name_zh, name_en, cadence, sort_order) VALUES
  ('general_meeting', '支部党员大会', 'Branch general meeting', 'P3M', 1),
  ('committee', '支部委员会', 'Branch committee meeting', 'P1M', 2),
  ('group', '党小组会', 'Party group meeting', 'P1M', 3),
  ('lecture', '党课', 'Party lecture', NULL, 4),
  ('theme_day', '主题党日', 'Theme day', 'P1M', 5),
  ('other', '其他', 'Other', NULL, 6);

-- Meetings: scheduled in advance by a secretary, or opened ad hoc at a kiosk (the kiosk chooses the
-- UUID, so events can name the meeting before the server has seen it). Times are UTC ISO strings.
CREATE TABLE meetings (
  id TEXT PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES organisations (id),
  kind TEXT NOT NULL REFERENCES meeting_kinds (code),
  title TEXT NOT NULL,
  place TEXT,
  starts_at TEXT NOT NULL,
  ends_at TEXT,
  origin TEXT NOT NULL CHECK (origin IN ('scheduled', 'ad_hoc')),
  status TEXT NOT NULL CHECK (status IN ('scheduled', 'open', 'closed', 'cancelled')),
  created_by_user INTEGER REFERENCES users (id),
  opened_by_kid TEXT REFERENCES kiosks (kid),
  created_at TEXT NOT NULL,
  CHECK (ends_at IS NULL OR ends_at > starts_at),
  CHECK (origin = 'ad_hoc' OR ends_at IS NOT NULL)
) STRICT;

CREATE INDEX meetings_org_start ON meetings (org_id, starts_at);
