import { v7 as uuidv7 } from 'uuid';
import type { Facts } from '../../../server/domain/diagnostics/finding.ts';
import { MeetingSchema } from '../../../server/schemas/meetings.ts';
import { expectOk } from './http.ts';
import { ingest, type KioskSigner, type TestCard } from './ingest-world.ts';
import { openDatabase } from './ingest-world.ts';
import type { TestServer } from './test-server.ts';

/** A finding as the comparisons need it: what the rule said, with the organisation by code. */
export interface FindingRow {
  id: number;
  rule: string;
  subject: string;
  episode: string;
  severity: string;
  status: string;
  org: string;
  people: number[];
  facts: Facts;
  resolvedBy: number | null;
}

/** Findings as stored (read-only, as an operator would look), live ones unless `all`, in a stable order. */
export function findingsOf(t: TestServer, options: { rule?: string; all?: boolean } = {}): FindingRow[] {
  const db = openDatabase(t.dataDir);
  try {
    const rows = db
      .prepare(
        `SELECT f.id, f.rule, f.subject, f.episode, f.severity, f.status, o.code AS org, f.people, f.facts, f.resolved_by AS resolvedBy
         FROM findings f JOIN organisations o ON o.id = f.org_id
         WHERE (? = 1 OR f.status <> 'resolved') AND (? IS NULL OR f.rule = ?)
         ORDER BY f.rule, f.subject, f.id`,
      )
      .all(options.all ? 1 : 0, options.rule ?? null, options.rule ?? null) as (Omit<FindingRow, 'people' | 'facts'> & { people: string; facts: string })[];
    return rows.map((row) => ({ ...row, people: JSON.parse(row.people) as number[], facts: JSON.parse(row.facts) as Facts }));
  } finally {
    db.close();
  }
}

/** The one live finding of (rule, subject), if any. */
export const liveFinding = (t: TestServer, rule: string, subject: string): FindingRow | undefined =>
  findingsOf(t, { rule }).find((finding) => finding.subject === subject);

/** Waits for the runs ingest and changes queued, then runs everything once more (the schedule's run). */
export async function fullRun(t: TestServer): Promise<void> {
  await t.server.context.diagnostics.idle();
  await t.server.context.diagnostics.runFull();
}

export const settled = (t: TestServer): Promise<void> => t.server.context.diagnostics.idle();

export async function orgId(t: TestServer, code: string): Promise<number> {
  const org = await t.server.context.read.orgs.byCode(code);
  if (!org) throw new Error(`no organisation ${code}`);
  return org.id;
}

/** A meeting scheduled through the API, from `startsAt` for two hours. */
export async function scheduled(t: TestServer, org: string, kind: string, startsAt: Date): Promise<string> {
  const body = { org, kind, startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 2 * 3600_000).toISOString() };
  return expectOk(await t.call('POST', '/api/v1/meetings', { token: await t.adminToken(), json: body }), 201, MeetingSchema).id;
}

/** The kiosk opens a meeting of `kind` now (server time), and the cards check in at it. */
export async function heldAtKiosk(t: TestServer, kiosk: KioskSigner, kind: string, cards: TestCard[] = []): Promise<string> {
  const at = t.clock.now().toISOString();
  const meeting = uuidv7();
  const events = [await kiosk.sign({ type: 'meeting.open', meeting, kind, title: '会议' }, { at })];
  for (const card of cards) events.push(await kiosk.checkin(card, meeting, { at }));
  const receipts = await ingest(t, kiosk.kiosk, events);
  if (receipts.some((receipt) => receipt.status !== 'accepted')) throw new Error(`the kiosk's batch was refused: ${JSON.stringify(receipts)}`);
  return meeting;
}

/** Cards check in now at an existing meeting (scheduled or opened), through the kiosk. */
export async function checkedIn(t: TestServer, kiosk: KioskSigner, meeting: string, cards: TestCard[]): Promise<void> {
  const at = t.clock.now().toISOString();
  const events = [];
  for (const card of cards) events.push(await kiosk.checkin(card, meeting, { at }));
  const receipts = await ingest(t, kiosk.kiosk, events);
  if (receipts.some((receipt) => receipt.status !== 'accepted')) throw new Error(`the kiosk's batch was refused: ${JSON.stringify(receipts)}`);
}
