/** One numbered schema change of the kiosk database. A file per migration; a landed file never changes. */
export interface KioskMigration {
  version: number;
  name: string;
  sql: string;
}
