-- A member's status history is the trail its changes left (migration 015: 'member.status' rows, before and
-- after). Correcting a leaving or death recorded by mistake ('member.status.correct', a row of its own beside
-- the mistaken one) reads the newest of them for one member: one range of this index, however long the trail.
CREATE INDEX audit_log_target ON audit_log (target_type, target_id, id);
