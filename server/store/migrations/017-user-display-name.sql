-- The name a user is known by (张伟), shown beside the username in the console's list of users. NULL for
-- accounts made before it existed and for those created without one (the first admin, by the admin command):
-- the console shows the username alone then.
ALTER TABLE users ADD COLUMN display_name TEXT;
