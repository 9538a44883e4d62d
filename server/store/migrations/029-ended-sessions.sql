-- Console sessions signed out (POST /api/v1/auth/logout) before their tokens ran out. Every token of a session names
-- it (`sid`, the same through its renewals), and a request or a renewal of a session listed here is refused: one
-- read by key per request, and one in each write of a person's, which checks the session again in its transaction.
-- A row is needed only while a token of its session could still pass, up to the session's limit from its sign-in
-- (`expires_at`); each sign-out drops the rows past theirs, by the index on it, so the table holds hours of
-- sign-outs, never history.
CREATE TABLE ended_sessions (
  sid TEXT PRIMARY KEY,
  ended_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE INDEX ended_sessions_expires_at ON ended_sessions (expires_at);
