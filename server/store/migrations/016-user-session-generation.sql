-- A user's sessions end when their password, role or organisation changes, or when they are disabled (and
-- stay ended once they are enabled again): each such change counts the generation up, a session token carries
-- the generation it was issued under, and a token from an older one is refused. Each request loads the user
-- already, so the check costs no extra query.
ALTER TABLE users ADD COLUMN session_generation INTEGER NOT NULL DEFAULT 0;
