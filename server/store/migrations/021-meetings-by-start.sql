-- The meeting list (GET /api/v1/meetings) is paged by start, then id. Over a large part of the tree a page is
-- the first rows of this index in the window that lie within reach, instead of every meeting of every
-- organisation there, sorted: at a province's root that was millions of rows for one page.
CREATE INDEX meetings_start ON meetings (starts_at, id);
