-- The transparency log's Merkle tree (RFC 9162), as shared/log/node-storage.ts describes: one hash per
-- complete subtree (level, idx). Level 0 holds the leaf hashes; a node is written once, when its last
-- leaf arrives, in the transaction that accepts the event, and never changes. The leaves' data are the
-- accepted events' JWS texts (events.log_index).
CREATE TABLE log_nodes (
  level INTEGER NOT NULL CHECK (level >= 0),
  idx INTEGER NOT NULL CHECK (idx >= 0),
  hash BLOB NOT NULL CHECK (length(hash) = 32),
  PRIMARY KEY (level, idx)
) STRICT, WITHOUT ROWID;

-- Every checkpoint the server signed (C2SP signed note), kept forever by tree size.
CREATE TABLE log_checkpoints (
  size INTEGER PRIMARY KEY CHECK (size >= 0),
  root BLOB NOT NULL CHECK (length(root) = 32),
  note TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;
