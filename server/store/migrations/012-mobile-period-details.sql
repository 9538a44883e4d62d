-- Mobile registrations (issue 5) carry why the member is away, and whether the period was ended early
-- (`ended_at`, when a person ended it or a transfer made the host the member's home) or ran its course
-- (it lapses on valid_to). Both are NULL on home periods.
ALTER TABLE membership_periods ADD COLUMN reason TEXT;
ALTER TABLE membership_periods ADD COLUMN ended_at TEXT;
