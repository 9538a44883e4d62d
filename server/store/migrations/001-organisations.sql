-- The organisation tree. `path` is the materialised path of ids from the root ('/1/4/17/'), so a
-- subtree is one range on the unique index: path >= '/1/4/' AND path < '/1/40' ('0' follows '/').
CREATE TABLE organisations (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('province', 'city', 'county', 'committee', 'general_branch', 'branch')),
  parent_id INTEGER REFERENCES organisations (id),
  path TEXT NOT NULL UNIQUE,
  depth INTEGER NOT NULL CHECK (depth >= 0),
  created_at TEXT NOT NULL,
  CHECK ((parent_id IS NULL) = (depth = 0))
) STRICT;

CREATE INDEX organisations_parent ON organisations (parent_id);
