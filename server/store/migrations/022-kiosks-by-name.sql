-- The kiosk list (GET /api/v1/kiosks) is paged by name, then kid. Over a large part of the tree a page is the
-- first rows of this index after the previous page that lie within reach, instead of every kiosk there, sorted:
-- at a province's root that was 12,000 kiosks in one answer.
CREATE INDEX kiosks_name ON kiosks (name, kid);
