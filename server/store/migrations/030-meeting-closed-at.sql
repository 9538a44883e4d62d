-- When a kiosk closed the meeting: the time its signed meeting.close names, in UTC. From then on nobody checks in to
-- it: a check-in tapped at or after this instant is refused however it arrives, and one tapped before it counts
-- however late it arrives (event ingest decides by the tap's own time). NULL while the meeting is not closed.
-- An ad-hoc meeting ends when it is closed, so its ends_at is the same instant; a scheduled meeting keeps its planned
-- times beside it, so the schedule members were given stays on record when the meeting ran short or long.
ALTER TABLE meetings ADD COLUMN closed_at TEXT;

-- Only kiosks' ad-hoc meetings were closed before this column, each at its ends_at.
UPDATE meetings SET closed_at = ends_at WHERE status = 'closed';
