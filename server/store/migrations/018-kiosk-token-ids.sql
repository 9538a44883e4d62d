-- Kiosk bearer token ids (jti) the server has accepted, each until no token with it could pass any more
-- (`exp`, epoch seconds: the token's exp plus the clock leeway). Kept in the database rather than in memory,
-- so a captured token replayed after a restart is refused as it would have been before. Rows past their
-- `exp` are deleted now and then, by the index on it; a kiosk makes a few requests a minute, so the table
-- holds minutes of them, never history.
CREATE TABLE kiosk_token_ids (
  kid TEXT NOT NULL,
  jti TEXT NOT NULL,
  exp INTEGER NOT NULL,
  PRIMARY KEY (kid, jti)
) STRICT, WITHOUT ROWID;

CREATE INDEX kiosk_token_ids_exp ON kiosk_token_ids (exp);
