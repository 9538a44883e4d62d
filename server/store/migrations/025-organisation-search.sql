-- The organisation search (GET /api/v1/orgs?q) read the range within reach in tree order until enough names or
-- codes matched: soon for a common word, but text nothing matches read every organisation within reach, at a province
-- 200,000 of them on the server's main thread. This index finds first the few that can match
-- (server/store/sqlite/orgs-sql.ts). What it finds is checked again with the search's own LIKE, so it only has to
-- hold every organisation that can match; it never decides the answer.
--
-- FTS5's trigram tokenizer makes a term of every three characters in a row, folding the case of letters (and some
-- accents: it finds a little more than LIKE, never less), so a phrase of them finds a text of three characters or
-- more anywhere in a name or code. Shorter text (城关) has no trigram: the search reads the range for it, as before.
-- Nothing is stored but the index (content = ''), and contentless_delete lets the triggers take a row out by its id.
CREATE VIRTUAL TABLE organisation_search USING fts5 (name, code, content = '', contentless_delete = 1, tokenize = 'trigram');

INSERT INTO organisation_search (rowid, name, code) SELECT id, name, code FROM organisations;

-- Kept by the database, as the sort path is (migration 023): the bulk loaders of tests and benchmarks write rows
-- straight in. Nothing renames or removes an organisation today; should anything, the index follows.
CREATE TRIGGER organisation_search_insert AFTER INSERT ON organisations BEGIN
  INSERT INTO organisation_search (rowid, name, code) VALUES (NEW.id, NEW.name, NEW.code);
END;

CREATE TRIGGER organisation_search_update AFTER UPDATE OF name, code ON organisations BEGIN
  DELETE FROM organisation_search WHERE rowid = OLD.id;
  INSERT INTO organisation_search (rowid, name, code) VALUES (NEW.id, NEW.name, NEW.code);
END;

CREATE TRIGGER organisation_search_delete AFTER DELETE ON organisations BEGIN
  DELETE FROM organisation_search WHERE rowid = OLD.id;
END;
