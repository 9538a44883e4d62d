-- A kiosk's configuration (GET /api/v1/kiosk/config) carries the roster of the kiosk's whole tree, and every kiosk asks
-- every minute whether it changed: reading and hashing 100,000 members for that took the server most of a second each
-- time. This is the version of each tree's roster, so the server reads a roster again only when its version (or the
-- organisation's day: the roster is of the home periods covering today) has moved (server/domain/kiosk-rosters.ts).
--
-- Kept by the database, as the sort path is (migration 023), so no writer can leave it out: the admin command, imports
-- and the bulk loaders of tests and benchmarks write rows straight in. A version stamped by the writers, or the highest
-- rowid of each table, would miss a write someone forgot to stamp, an update or a delete. Every write that can change
-- what the roster reads advances the version of each tree it touches, before and after: a member's number, name or
-- status; a home period's member, organisation, kind or days; an organisation's code, name or place in the tree. An
-- organisation or a member is written before its periods and cannot go while it has any (foreign keys), so writing
-- or removing one alone changes no roster. `tree` is the path of the tree's root ('/1/' for '/1/4/17/'); a tree no write
-- has touched since this migration has no row, which reads as version 0.
CREATE TABLE roster_versions (
  tree TEXT PRIMARY KEY,
  version INTEGER NOT NULL CHECK (version > 0)
) STRICT;

CREATE TRIGGER roster_versions_period_insert AFTER INSERT ON membership_periods WHEN NEW.kind = 'home' BEGIN
  INSERT INTO roster_versions (tree, version)
    SELECT substr(path, 1, instr(substr(path, 2), '/') + 1), 1 FROM organisations WHERE id = NEW.org_id
    ON CONFLICT (tree) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER roster_versions_period_update AFTER UPDATE OF member_id, org_id, kind, valid_from, valid_to ON membership_periods
  WHEN OLD.kind = 'home' OR NEW.kind = 'home' BEGIN
  INSERT INTO roster_versions (tree, version)
    SELECT DISTINCT substr(path, 1, instr(substr(path, 2), '/') + 1), 1 FROM organisations WHERE id IN (OLD.org_id, NEW.org_id)
    ON CONFLICT (tree) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER roster_versions_period_delete AFTER DELETE ON membership_periods WHEN OLD.kind = 'home' BEGIN
  INSERT INTO roster_versions (tree, version)
    SELECT substr(path, 1, instr(substr(path, 2), '/') + 1), 1 FROM organisations WHERE id = OLD.org_id
    ON CONFLICT (tree) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER roster_versions_member_update AFTER UPDATE OF member_number, name, status ON members
  WHEN OLD.member_number IS NOT NEW.member_number OR OLD.name IS NOT NEW.name OR OLD.status IS NOT NEW.status BEGIN
  INSERT INTO roster_versions (tree, version)
    SELECT DISTINCT substr(o.path, 1, instr(substr(o.path, 2), '/') + 1), 1
    FROM membership_periods p JOIN organisations o ON o.id = p.org_id WHERE p.member_id = NEW.id AND p.kind = 'home'
    ON CONFLICT (tree) DO UPDATE SET version = version + 1;
END;

-- An organisation that moves (its path changes) leaves one tree's roster and joins another's: both move on. Creating
-- one writes a provisional path first (server/store/sqlite/orgs-sql.ts), when it has no members yet.
CREATE TRIGGER roster_versions_org_update AFTER UPDATE OF code, name, path ON organisations
  WHEN (OLD.code IS NOT NEW.code OR OLD.name IS NOT NEW.name OR OLD.path IS NOT NEW.path)
    AND EXISTS (SELECT 1 FROM membership_periods WHERE org_id = NEW.id AND kind = 'home') BEGIN
  INSERT INTO roster_versions (tree, version)
    SELECT substr(path, 1, instr(substr(path, 2), '/') + 1), 1 FROM (SELECT OLD.path AS path UNION SELECT NEW.path) WHERE true
    ON CONFLICT (tree) DO UPDATE SET version = version + 1;
END;

-- The configuration also marks the secretaries of the kiosk's organisation, read on every request: by organisation,
-- not by every user there is.
CREATE INDEX users_org_role ON users (org_id, role);
