-- Lists of organisations show parents first and the children of one in the order they were created (by id, as
-- codes are usually handed out). `path` cannot give that order: its ids are text, so '/1/21/' sorts before '/1/3/'
-- and a county's 第10党支部 came before its 第2党支部. `sort_path` is the path with each id written after a letter
-- that gives its number of digits ('/1/4/17/' is '/A1/A4/B17/'), so text order is number order, a parent still
-- sorts before its children, and a subtree is still one range of its index (server/store/org-filter.ts).
ALTER TABLE organisations ADD COLUMN sort_path TEXT;

WITH RECURSIVE keyed (id, sort_path) AS (
  SELECT id, '/' || char(64 + length(id)) || id || '/' FROM organisations WHERE parent_id IS NULL
  UNION ALL
  SELECT child.id, keyed.sort_path || char(64 + length(child.id)) || child.id || '/' FROM organisations child JOIN keyed ON child.parent_id = keyed.id
)
UPDATE organisations SET sort_path = keyed.sort_path FROM keyed WHERE keyed.id = organisations.id;

CREATE UNIQUE INDEX organisations_sort_path ON organisations (sort_path);

-- Kept by the database, so no writer can leave it out (the bulk loaders of tests and benchmarks write rows
-- straight in): it depends only on the parent and the id, and neither changes once an organisation exists.
CREATE TRIGGER organisations_sort_path AFTER INSERT ON organisations BEGIN
  UPDATE organisations
    SET sort_path = coalesce((SELECT parent.sort_path FROM organisations parent WHERE parent.id = NEW.parent_id), '/') || char(64 + length(NEW.id)) || NEW.id || '/'
    WHERE id = NEW.id;
END;
