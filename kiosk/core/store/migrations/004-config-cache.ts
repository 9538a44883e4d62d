import type { KioskMigration } from './migration.ts';

/*
 * The last configuration the server sent, as received, so the kiosk verifies cards offline for weeks after
 * a restart. `revocation_seq` is kept apart so a configuration with an older revocation list (a replay) is
 * refused without parsing the cached one.
 */
export const migration: KioskMigration = {
  version: 4,
  name: 'config-cache',
  sql: `
CREATE TABLE config_cache (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  body TEXT NOT NULL,
  etag TEXT,
  revocation_seq INTEGER NOT NULL CHECK (revocation_seq >= 0),
  server_time TEXT NOT NULL,
  fetched_at TEXT NOT NULL
) STRICT;
`,
};
