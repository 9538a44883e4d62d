/**
 * Writes a province-shaped data set straight into a SQLite database made by the project's migrations:
 * organisations, members with home and mobile periods, cards, kiosks and their health, a year of meetings
 * by kind per branch with the attendance they had, transfer letters in every state, and a few alarms.
 *
 * Speed: one connection without a journal, a large page cache, and big transactions; meetings and their
 * attendance are written in time order, so UUIDv7 keys (meeting ids, event ids) append to their indexes.
 * The migrations' secondary indexes are dropped before the load and created again afterwards from their
 * stored SQL (sorting once is far cheaper than 20 million random inserts); the UNIQUE constraints inside
 * the tables stay in place throughout.
 */
import Database from 'better-sqlite3';
import { generateIssuerKey } from '../../shared/issuance/issuer-key.ts';
import { openSqliteStore } from '../../server/store/sqlite/open-sqlite-store.ts';
import { seededRandom } from '../lib/prng.ts';
import { Progress } from './province-progress.ts';
import { base64urlFrom, bytesFrom, cardSerial, memberNumber, uuid7 } from './province-ids.ts';
import { dayOf, nameSource, NO_DAY, Profile, ROLLOUT_DAY, shapeMembers, shapeTree, type MemberPlan, type OrgTree, type ProvinceSizes } from './province-shape.ts';

const DAY = 86_400_000;
const ROWS_PER_TRANSACTION = 250_000;
const KINDS = ['general_meeting', 'committee', 'group', 'lecture', 'theme_day', 'other'] as const;
const KIND_NAMES = ['支部党员大会', '支部委员会', '党小组会', '党课', '主题党日', '其他'];
const [GENERAL, COMMITTEE, GROUP, LECTURE, THEME_DAY] = [0, 1, 2, 3, 4];
/** meeting states while generating */
const HELD_AD_HOC = 0;
const HELD_SCHEDULED = 1;
const CANCELLED = 2;
const UPCOMING = 3;

export interface GeneratedCounts {
  organisations: number;
  branches: number;
  members: number;
  membershipPeriods: number;
  cards: number;
  kiosks: number;
  kioskHealth: number;
  meetings: number;
  attendance: number;
  transfers: number;
  alarms: number;
}

export interface GenerateOptions {
  file: string;
  sizes: ProvinceSizes;
  seed: number;
  /** the data's "now": UTC midnight; the year of data ends the day before */
  anchor: Date;
  /** members left without a card, for the benchmark to issue real ones */
  cohort: number;
  /** drop the migrations' secondary indexes during the load and create them afterwards (default true) */
  deferIndexes?: boolean;
  progress: Progress;
}

export interface Generated {
  counts: GeneratedCounts;
  /** org codes of the branches the cohort belongs to */
  cohortBranches: string[];
  cohortFirstMember: number;
  cohortLastMember: number;
}

/** A member who attends a branch's meetings without belonging to it now: a mobile member, or a member who has since moved away. */
interface Guest {
  member: number;
  from: number;
  to: number;
  as: 'mobile' | 'home';
}

type Db = Database.Database;

const iso = (ms: number): string => new Date(ms).toISOString();

function bulkConnection(file: string): Db {
  const db = new Database(file);
  // better-sqlite3 runs SQLite in defensive mode, which refuses to turn the journal off; a WAL database
  // must leave WAL (for DELETE) before it can go further.
  db.unsafeMode(true);
  db.pragma('journal_mode = DELETE');
  if (db.pragma('journal_mode = OFF', { simple: true }) !== 'off') throw new Error('the bulk load needs journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('locking_mode = EXCLUSIVE');
  db.pragma('temp_store = MEMORY');
  // About 3 GiB of page cache: the unique indexes that stay in place during the load fit in memory.
  db.pragma('cache_size = -3000000');
  db.pragma('foreign_keys = OFF');
  // CREATE INDEX may sort in helper threads when cores are free.
  db.pragma('threads = 2');
  return db;
}

/** The secondary indexes the migrations created (name and SQL), which the load drops and re-creates. */
function secondaryIndexes(db: Db): { name: string; sql: string }[] {
  return db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name").all() as { name: string; sql: string }[];
}

/** Writes rows through one statement in transactions of ROWS_PER_TRANSACTION. */
class Batched {
  private pending = 0;
  constructor(private readonly db: Db) {
    db.exec('BEGIN');
  }
  row(): void {
    if (++this.pending >= ROWS_PER_TRANSACTION) {
      this.db.exec('COMMIT');
      this.db.exec('BEGIN');
      this.pending = 0;
    }
  }
  finish(): void {
    this.db.exec('COMMIT');
  }
}

export async function generateProvince(options: GenerateOptions): Promise<Generated> {
  const { sizes, progress } = options;
  const random = seededRandom(options.seed);
  const anchorMs = options.anchor.getTime();
  const dayMs = (day: number): number => anchorMs + day * DAY;
  const dateOf = (day: number): string => iso(dayMs(day)).slice(0, 10);
  const stampOf = (day: number, spreadMs = DAY): number => dayMs(day) + Math.floor(random() * spreadMs);
  const rollout = dayMs(ROLLOUT_DAY);

  // Migrations through the project's own store, so the schema is exactly the server's.
  openSqliteStore(options.file, new Date(rollout)).close();
  const db = bulkConnection(options.file);
  const deferred = options.deferIndexes === false ? [] : secondaryIndexes(db);
  for (const index of deferred) db.exec(`DROP INDEX ${index.name}`);

  progress.phase('shape (tree, members, meetings plan)', 0);
  const tree = shapeTree(sizes, random);
  const plan = shapeMembers(sizes, tree, options.cohort, random);
  const counts: GeneratedCounts = {
    organisations: tree.count,
    branches: tree.branches.length,
    members: plan.count,
    membershipPeriods: 0,
    cards: 0,
    kiosks: 0,
    kioskHealth: 0,
    meetings: 0,
    attendance: 0,
    transfers: 0,
    alarms: 0,
  };

  writeOrgs(db, tree, rollout, progress);
  const issuerKid = await writeIssuer(db, rollout);
  const kioskOf = writeKiosks(db, tree, { anchorMs, rollout, random, progress, counts });
  const guests = writeMembers(db, tree, plan, { issuerKid, anchorMs, random, rollout, dateOf, stampOf, progress, counts });
  writeMeetingsAndAttendance(db, tree, plan, guests, kioskOf, { sizes, anchorMs, random, progress, counts });
  writeAlarms(db, tree, plan, kioskOf, { anchorMs, random, counts });
  writeThresholdOverrides(db, tree, anchorMs);

  progress.phase('indexes', deferred.length);
  for (const index of deferred) {
    db.exec(index.sql);
    progress.add(1);
  }
  progress.end();
  db.pragma('journal_mode = WAL');
  db.close();

  const cohortBranches = [...new Set(Array.from({ length: options.cohort }, (_, n) => plan.home[plan.cohortFirst + n]!))].map((id) => tree.code[id]!);
  return { counts, cohortBranches, cohortFirstMember: plan.cohortFirst, cohortLastMember: plan.count };
}

function writeOrgs(db: Db, tree: OrgTree, rollout: number, progress: Progress): void {
  progress.phase('organisations', tree.count);
  const insert = db.prepare('INSERT INTO organisations (id, code, name, kind, parent_id, path, depth, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const tx = new Batched(db);
  for (let id = 1; id <= tree.count; id++) {
    const created = Math.max(rollout, rollout + (tree.createdDay[id]! - ROLLOUT_DAY) * DAY);
    insert.run(id, tree.code[id], tree.name[id], tree.kind[id], tree.parent[id] || null, tree.path[id], tree.depth[id], iso(created));
    tx.row();
    progress.add(1);
  }
  tx.finish();
}

/** The issuer that signed the generated cards: a real key, so the server can load every issuer it holds. */
async function writeIssuer(db: Db, rollout: number): Promise<string> {
  const issuer = await generateIssuerKey('zhijiang-organisation-department');
  db.prepare('INSERT INTO issuers (kid, iss, jwk, registered_at) VALUES (?, ?, ?, ?)').run(issuer.kid, issuer.publicJwk.iss, JSON.stringify(issuer.publicJwk), iso(rollout));
  return issuer.kid;
}

interface KioskContext {
  anchorMs: number;
  rollout: number;
  random: () => number;
  progress: Progress;
  counts: GeneratedCounts;
}

/**
 * A kiosk in every committee and general branch (its branches meet there); its health row says when
 * it was last heard from: most within hours, some silent for days, some with a backlog or a skewed clock.
 * Returns, per organisation id, the kid of the kiosk its meetings use.
 */
function writeKiosks(db: Db, tree: OrgTree, ctx: KioskContext): string[] {
  const { random, anchorMs } = ctx;
  const kioskOf: string[] = new Array<string>(tree.count + 1);
  const hosts: number[] = [];
  for (let id = 1; id <= tree.count; id++) if (tree.kind[id] === 'committee' || tree.kind[id] === 'general_branch') hosts.push(id);
  ctx.progress.phase('kiosks and their health', hosts.length);
  const kiosk = db.prepare('INSERT INTO kiosks (kid, name, org_id, jwk, enrolled_at, disabled_at) VALUES (?, ?, ?, ?, ?, ?)');
  const health = db.prepare('INSERT INTO kiosk_health (kid, last_seen_at, skew_seconds, skew_since, outbox_pending, pending_reported_at, backlog_since) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const tx = new Batched(db);
  for (const org of hosts) {
    const kid = base64urlFrom(random, 32);
    const enrolled = ctx.rollout + Math.floor(random() * 30 * DAY);
    const disabled = random() < 0.02 ? iso(anchorMs - Math.floor(random() * 200 * DAY)) : null;
    kiosk.run(kid, `${tree.name[org]!}签到机`, org, JSON.stringify({ kty: 'OKP', crv: 'Ed25519', x: base64urlFrom(random, 32) }), iso(enrolled), disabled);
    kioskOf[org] = kid;
    ctx.counts.kiosks++;
    const r = random();
    // 2% have not been heard from since contact was recorded: their enrolment time stands in.
    if (r >= 0.02) {
      const silent = r < 0.06;
      const lastSeen = anchorMs - (silent ? Math.floor((3 + random() * 37) * DAY) : Math.floor(random() * 6 * 3600_000));
      const backlog = !silent && random() < 0.015;
      const skew = random() < 0.01 ? Math.round((random() < 0.5 ? -1 : 1) * (301 + random() * 2700)) : Math.round(random() * 6) - 3;
      const pending = backlog ? Math.floor(500 + random() * 3500) : random() < 0.5 ? 0 : null;
      // A skewed clock or a backlog began some hours or days before the last contact.
      const since = (): string => iso(lastSeen - Math.floor(random() * 5 * DAY));
      health.run(kid, iso(lastSeen), skew, Math.abs(skew) > 1 ? since() : null, pending, pending === null ? null : iso(lastSeen), pending !== null && pending > 0 ? since() : null);
      ctx.counts.kioskHealth++;
    }
    tx.row();
    ctx.progress.add(1);
  }
  tx.finish();
  for (let id = 1; id <= tree.count; id++) if (tree.kind[id] === 'branch') kioskOf[id] = kioskOf[tree.parent[id]!]!;
  return kioskOf;
}

interface MemberContext {
  issuerKid: string;
  anchorMs: number;
  random: () => number;
  rollout: number;
  dateOf(day: number): string;
  stampOf(day: number, spreadMs?: number): number;
  progress: Progress;
  counts: GeneratedCounts;
}

/**
 * Members, their home periods (and an earlier one for those who transferred), cards, mobile periods and
 * transfer letters. Returns per branch the guests who attend its meetings without belonging to it now.
 */
function writeMembers(db: Db, tree: OrgTree, plan: MemberPlan, ctx: MemberContext): Map<number, Guest[]> {
  const { random, dateOf, stampOf, counts } = ctx;
  const guests = new Map<number, Guest[]>();
  const guest = (org: number, entry: Guest): void => {
    const list = guests.get(org);
    if (list) list.push(entry);
    else guests.set(org, [entry]);
  };
  const anotherBranch = (not: number): number => {
    for (;;) {
      const org = tree.branches[Math.floor(random() * tree.branches.length)]!;
      if (org !== not) return org;
    }
  };
  const nameOf = nameSource(random);
  const member = db.prepare('INSERT INTO members (id, member_number, name, id_number_sealed, idh, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const period = db.prepare('INSERT INTO membership_periods (member_id, org_id, kind, valid_from, valid_to, reason, ended_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const card = db.prepare(
    `INSERT INTO cards (csn, member_id, issuer_kid, credential, jti, issued_at, expires_at, status, status_changed_at, replaced_by, highest_counter, registered_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const transfer = db.prepare(
    `INSERT INTO transfers (id, member_id, from_org_id, to_org_id, reason, valid_days, issued_at, expires_at, issued_by, status, closed_at, closed_by, close_reason, accepted_via)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const letter = (memberId: number, from: number, to: number, issuedMs: number, validDays: number, status: string, closedMs: number | null, closeReason: string | null): void => {
    transfer.run(
      uuid7(issuedMs, random),
      memberId,
      from,
      to,
      random() < 0.6 ? '工作调动' : random() < 0.5 ? '户籍迁移' : '升学毕业',
      validDays,
      iso(issuedMs),
      iso(issuedMs + validDays * DAY),
      `user:secretary-${tree.code[from]!}`,
      status,
      closedMs === null ? null : iso(closedMs),
      closedMs === null ? null : status === 'expired' ? 'system' : status === 'returned' ? `user:secretary-${tree.code[to]!}` : `user:secretary-${tree.code[from]!}`,
      closeReason,
      status === 'accepted' ? 'console' : null,
    );
    counts.transfers++;
  };

  ctx.progress.phase('members, periods, cards, letters', plan.count);
  const tx = new Batched(db);
  for (let m = 1; m <= plan.count; m++) {
    const home = plan.home[m]!;
    const profile = plan.profile[m]!;
    const joinedDay = plan.fromDay[m]! > -9999 ? plan.fromDay[m]! : dayOf(random, -18_000, -400);
    const createdMs = Math.max(ctx.rollout + Math.floor(random() * DAY), stampOf(joinedDay));
    const status = profile === Profile.suspended ? 'suspended' : profile === Profile.left ? 'left' : profile === Profile.deceased ? 'deceased' : 'active';
    const updatedMs = plan.stopDay[m]! !== NO_DAY && status !== 'active' ? stampOf(plan.stopDay[m]!) : createdMs;
    member.run(m, memberNumber(m), nameOf(), bytesFrom(random, 47), base64urlFrom(random, 32), status, iso(createdMs), iso(updatedMs));

    // A few regular members transferred in from another branch; within the system's life, by letter.
    let homeFrom = joinedDay;
    if (profile === Profile.regular && m < plan.cohortFirst && random() < 0.02) {
      const moved = dayOf(random, Math.max(joinedDay + 30, -700), -10);
      if (moved > joinedDay) {
        const before = anotherBranch(home);
        period.run(m, before, 'home', dateOf(joinedDay), dateOf(moved), null, null, iso(createdMs));
        counts.membershipPeriods++;
        guest(before, { member: m, from: joinedDay, to: moved, as: 'home' });
        if (moved >= ROLLOUT_DAY + 20) {
          const issued = stampOf(moved - 3 - Math.floor(random() * 20));
          letter(m, before, home, issued, 30, 'accepted', stampOf(moved), null);
        }
        homeFrom = moved;
        plan.fromDay[m] = Math.max(plan.fromDay[m]!, moved);
      }
    }
    const closedHome = profile === Profile.left || profile === Profile.deceased ? dateOf(plan.stopDay[m]!) : null;
    period.run(m, home, 'home', dateOf(homeFrom), closedHome, null, null, iso(createdMs));
    counts.membershipPeriods++;

    if (profile === Profile.mobile) {
      const host = anotherBranch(home);
      const from = plan.awayFrom[m]!;
      let to = plan.awayTo[m]!;
      let ended: string | null = null;
      if (random() < 0.15) {
        to = from + Math.max(1, Math.floor((to - from) * random()));
        if (to < 0) ended = iso(stampOf(to));
        else to = plan.awayTo[m]!;
      }
      plan.awayTo[m] = to;
      period.run(m, host, 'mobile', dateOf(from), dateOf(to), random() < 0.5 ? '外出务工' : '异地就学', ended, iso(stampOf(from)));
      counts.membershipPeriods++;
      if (plan.activeAway[m]) guest(host, { member: m, from, to, as: 'mobile' });
    }

    // Cards: every member outside the cohort; a few replaced an older one during the year.
    if (m < plan.cohortFirst && status !== 'deceased') {
      const csn = cardSerial(m, 0);
      const issuedMs = Math.max(createdMs, ctx.rollout + Math.floor(random() * 60 * DAY));
      const registered = iso(issuedMs);
      const expires = iso(issuedMs + 5 * 365 * DAY);
      if (random() < 0.01) {
        const old = cardSerial(m, 1);
        const replacedMs = stampOf(dayOf(random, -200, -20));
        card.run(old, m, ctx.issuerKid, `generated:${old}`, `jti-${old}`, registered, expires, random() < 0.5 ? 'replaced' : 'lost', iso(replacedMs), null, 40, registered);
        counts.cards++;
      }
      card.run(csn, m, ctx.issuerKid, `generated:${csn}`, `jti-${csn}`, registered, expires, 'active', registered, null, 60, registered);
      counts.cards++;
    }

    // Letters in every state, for active members who are not moving already.
    if (status === 'active' && profile !== Profile.mobile && m < plan.cohortFirst) {
      const r = random();
      if (r < 0.0025) {
        const issued = stampOf(dayOf(random, -45, 0), DAY / 2);
        const validDays = random() < 0.8 ? 30 : random() < 0.5 ? 60 : 90;
        const expiresMs = issued + validDays * DAY;
        const swept = expiresMs <= ctx.anchorMs && random() < 0.85;
        letter(m, home, anotherBranch(home), issued, validDays, swept ? 'expired' : 'issued', swept ? expiresMs : null, swept ? '有效期已过' : null);
      } else if (r < 0.0029) {
        const issued = stampOf(dayOf(random, -200, -5));
        letter(m, home, anotherBranch(home), issued, 30, 'returned', issued + Math.floor((2 + random() * 8) * DAY), '接收单位退回：材料不全');
      } else if (r < 0.0033) {
        const issued = stampOf(dayOf(random, -200, -5));
        letter(m, home, anotherBranch(home), issued, 30, 'cancelled', issued + Math.floor((1 + random() * 5) * DAY), '本人申请撤回');
      } else if (r < 0.0041) {
        const issued = stampOf(dayOf(random, -150, -31));
        letter(m, home, anotherBranch(home), issued, 30, 'expired', issued + 30 * DAY, '有效期已过');
      }
    }
    tx.row();
    ctx.progress.add(1);
  }
  tx.finish();
  return guests;
}

interface MeetingContext {
  sizes: ProvinceSizes;
  anchorMs: number;
  random: () => number;
  progress: Progress;
  counts: GeneratedCounts;
}

/** One branch's habits: how often it misses a meeting, when it stopped meeting (if it did), and its days of the month. */
interface BranchHabit {
  miss: number;
  stopDay: number;
  dayOfMonth: number[];
  quarterPhase: number;
}

function habitOf(random: () => number): BranchHabit {
  const r = random();
  const miss = r < 0.8 ? 0.03 : r < 0.94 ? 0.25 : r < 0.98 ? 0.05 : 0.6;
  const stopDay = r >= 0.94 && r < 0.98 ? dayOf(random, -150, -30) : NO_DAY;
  const dayOfMonth = KINDS.map(() => 1 + Math.floor(random() * 25));
  if (random() < 0.4) dayOfMonth[THEME_DAY] = 1;
  return { miss, stopDay, dayOfMonth, quarterPhase: Math.floor(random() * 3) };
}

/**
 * Every branch's meetings from a year ago to a month ahead, in typed arrays, sorted by start. Held
 * meetings are ad-hoc ones the kiosk opened and closed, or scheduled ones (which keep that status);
 * a few were cancelled; upcoming ones are scheduled for most branches.
 */
function planMeetings(tree: OrgTree, random: () => number, anchorMs: number): { org: Int32Array; kind: Uint8Array; start: Float64Array; state: Uint8Array } {
  const org: number[] = [];
  const kind: number[] = [];
  const start: number[] = [];
  const state: number[] = [];
  const first = new Date(anchorMs - 366 * DAY);
  const monthsFrom = Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), 1);
  for (const branch of tree.branches) {
    const habit = habitOf(random);
    const created = tree.createdDay[branch]!;
    for (let month = 0; month < 15; month++) {
      const base = new Date(monthsFrom);
      base.setUTCMonth(base.getUTCMonth() + month);
      for (let k = 0; k <= THEME_DAY; k++) {
        if (k === GENERAL && base.getUTCMonth() % 3 !== habit.quarterPhase) continue;
        if (k === LECTURE && random() >= 0.25) continue;
        const ms = Date.UTC(base.getUTCFullYear(), base.getUTCMonth(), habit.dayOfMonth[k]!, 1 + Math.floor(random() * 7), random() < 0.5 ? 0 : 30);
        const day = Math.floor((ms - anchorMs) / DAY);
        if (day < -365 || day > 30 || day < created) continue;
        let s: number;
        if (day >= 0) {
          if (random() >= 0.7 || habit.stopDay !== NO_DAY) continue;
          s = UPCOMING;
        } else {
          if (day >= habit.stopDay || random() < habit.miss) continue;
          s = random() < 0.01 ? CANCELLED : random() < 0.6 ? HELD_AD_HOC : HELD_SCHEDULED;
        }
        org.push(branch);
        kind.push(k);
        start.push(ms);
        state.push(s);
      }
    }
  }
  // Sorted by start through one typed-array sort of (start in minutes, index) packed into a double.
  if (start.length >= 2 ** 24) throw new RangeError(`${start.length} meetings are more than the sort packs`);
  const order = Float64Array.from(start, (ms, i) => (ms / 60_000) * 2 ** 24 + i);
  order.sort();
  const n = start.length;
  const out = { org: new Int32Array(n), kind: new Uint8Array(n), start: new Float64Array(n), state: new Uint8Array(n) };
  for (let j = 0; j < n; j++) {
    const i = order[j]! % 2 ** 24;
    out.org[j] = org[i]!;
    out.kind[j] = kind[i]!;
    out.start[j] = start[i]!;
    out.state[j] = state[i]!;
  }
  return out;
}

function writeMeetingsAndAttendance(db: Db, tree: OrgTree, plan: MemberPlan, guests: Map<number, Guest[]>, kioskOf: string[], ctx: MeetingContext): void {
  const { random, anchorMs, counts } = ctx;
  ctx.progress.phase('meetings plan', 0);
  const meetings = planMeetings(tree, random, anchorMs);
  const branchIndex = new Int32Array(tree.count + 1).fill(-1);
  tree.branches.forEach((id, b) => (branchIndex[id] = b));
  const dayOfMs = (ms: number): number => Math.floor((ms - anchorMs) / DAY);
  const attendsAtHome = (m: number, day: number): boolean => {
    const profile = plan.profile[m]!;
    if (profile === Profile.never || profile === Profile.suspended) return false;
    if (day < plan.fromDay[m]! || day >= plan.stopDay[m]!) return false;
    return !(day >= plan.awayFrom[m]! && day < plan.awayTo[m]!);
  };
  const membersOf = (org: number, kind: number): [number, number] => {
    const b = branchIndex[org]!;
    const from = plan.branchStart[b]!;
    const to = plan.branchStart[b + 1]!;
    // Only the branch committee (its first few members) meets as a committee.
    return [from, kind === COMMITTEE ? Math.min(to, from + 3) : to];
  };

  // The attendance probability that makes the expected total the requested size (visitors are ~4% of it).
  let expected = 0;
  let held = 0;
  for (let j = 0; j < meetings.start.length; j++) {
    const state = meetings.state[j]!;
    if (state !== HELD_AD_HOC && state !== HELD_SCHEDULED) continue;
    held++;
    const org = meetings.org[j]!;
    const day = dayOfMs(meetings.start[j]!);
    const [from, to] = membersOf(org, meetings.kind[j]!);
    for (let m = from; m < to; m++) if (attendsAtHome(m, day)) expected += plan.engagement[m]!;
    for (const g of guests.get(org) ?? []) if (day >= g.from && day < g.to) expected += plan.engagement[g.member]!;
  }
  const target = ctx.sizes.attendance;
  const attend = Math.min(1, (0.96 * target) / Math.max(1, expected));
  const visitorsPerMeeting = (0.04 * target) / Math.max(1, held);

  const meeting = db.prepare(
    `INSERT INTO meetings (id, org_id, kind, title, place, starts_at, ends_at, origin, status, created_by_user, opened_by_kid, created_at, closed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)`,
  );
  const row = db.prepare(
    `INSERT INTO attendance (meeting_id, member_id, host_org_id, home_org_id, cross_org, attended_as, card_csn, kiosk_kid, at, recorded_at, event_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // The cohort's cards are issued by the benchmark; deceased members' cards were withdrawn.
  const cardAt = (m: number): string | null => (m >= plan.cohortFirst || plan.profile[m] === Profile.deceased ? null : cardSerial(m, 0));

  ctx.progress.phase('meetings and attendance', target);
  const tx = new Batched(db);
  const seen = new Set<number>();
  for (let j = 0; j < meetings.start.length; j++) {
    const org = meetings.org[j]!;
    const kind = meetings.kind[j]!;
    const startMs = meetings.start[j]!;
    const state = meetings.state[j]!;
    const isHeld = state === HELD_AD_HOC || state === HELD_SCHEDULED;
    const id = uuid7(startMs, random);
    const date = new Date(startMs);
    const title = `${date.getUTCFullYear()}年${date.getUTCMonth() + 1}月${KIND_NAMES[kind]!}`;
    const kid = kioskOf[org]!;
    if (state === HELD_AD_HOC) {
      // Closed at the kiosk when it ended, as a meeting.close does.
      meeting.run(id, org, KINDS[kind], title, null, iso(startMs), iso(startMs + 90 * 60_000), 'ad_hoc', 'closed', kid, iso(startMs), iso(startMs + 90 * 60_000));
    } else {
      const status = state === CANCELLED ? 'cancelled' : 'scheduled';
      meeting.run(id, org, KINDS[kind], title, random() < 0.5 ? '党员活动室' : null, iso(startMs), iso(startMs + 120 * 60_000), 'scheduled', status, null, iso(startMs - Math.floor((3 + random() * 10) * DAY)), null);
    }
    counts.meetings++;
    tx.row();
    if (!isHeld) continue;

    const day = dayOfMs(startMs);
    const offline = random() < 0.03;
    seen.clear();
    const record = (m: number, home: number, as: 'home' | 'mobile' | 'visitor'): void => {
      if (seen.has(m)) return;
      seen.add(m);
      const atMs = startMs + Math.floor(random() * 20 * 60_000);
      const recordedMs = Math.min(anchorMs - 60_000, atMs + (offline ? Math.floor((1 + random() * 47) * 3600_000) : Math.floor(500 + random() * 40_000)));
      row.run(id, m, org, home, home === org ? 0 : 1, as, cardAt(m), kid, iso(atMs), iso(recordedMs), uuid7(atMs, random));
      counts.attendance++;
      tx.row();
      ctx.progress.add(1);
    };
    const [from, to] = membersOf(org, kind);
    for (let m = from; m < to; m++) if (attendsAtHome(m, day) && random() < attend * plan.engagement[m]!) record(m, org, 'home');
    for (const g of guests.get(org) ?? []) {
      if (day >= g.from && day < g.to && random() < attend * plan.engagement[g.member]!) record(g.member, g.as === 'mobile' ? plan.home[g.member]! : org, g.as);
    }
    // Visitors: members of a nearby branch, with no registration here.
    for (let v = visitorsPerMeeting; v > 0 && random() < v; v--) {
      const near = tree.branches[Math.min(tree.branches.length - 1, Math.max(0, branchIndex[org]! + Math.floor(random() * 41) - 20))]!;
      if (near === org) continue;
      const [nf, nt] = membersOf(near, GROUP);
      const m = nf + Math.floor(random() * (nt - nf));
      if (plan.profile[m] === Profile.regular && attendsAtHome(m, day)) record(m, near, 'visitor');
    }
    // A meeting that took place had somebody there: at least the secretary (the branch's first member who could come).
    for (let m = from; seen.size === 0 && m < to; m++) if (attendsAtHome(m, day)) record(m, org, 'home');
  }
  tx.finish();
}

interface AlarmContext {
  anchorMs: number;
  random: () => number;
  counts: GeneratedCounts;
}

/** A few alarms from the last two months: clones, forks, cards denied again and again, skewed clocks. */
function writeAlarms(db: Db, tree: OrgTree, plan: MemberPlan, kioskOf: string[], ctx: AlarmContext): void {
  const { random, anchorMs } = ctx;
  const insert = db.prepare('INSERT INTO alarms (type, kiosk_kid, org_id, csn, event_ids, at, details) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const someBranch = (): number => tree.branches[Math.floor(random() * tree.branches.length)]!;
  const someMember = (): number => 1 + Math.floor(random() * (plan.cohortFirst - 1));
  const raise = (type: string, org: number, csn: string | null, atMs: number, events: number, details: object): void => {
    const host = tree.parent[org]!;
    insert.run(type, kioskOf[org]!, host, csn, JSON.stringify(Array.from({ length: events }, () => uuid7(atMs, random))), new Date(atMs).toISOString(), JSON.stringify(details));
    ctx.counts.alarms++;
  };
  const recent = (days: number): number => anchorMs - Math.floor(random() * days * DAY);
  db.exec('BEGIN');
  for (let n = 0; n < 40; n++) {
    const m = someMember();
    raise('clone', plan.home[m]!, cardSerial(m, 0), recent(60), 2, { counter: 40 + Math.floor(random() * 100), member: memberNumber(m) });
  }
  for (let n = 0; n < 10; n++) raise('fork', someBranch(), null, recent(60), 2, { seq: 1 + Math.floor(random() * 5000) });
  for (let n = 0; n < 60; n++) raise('skew', someBranch(), null, recent(60), 1, { toleranceMs: 300_000 });
  for (let n = 0; n < 5; n++) raise('kiosk-report', someBranch(), null, recent(60), 1, { alarm: 'missing-event', reason: 'not-included' });
  // Denied cards: lost or unknown cards tried again and again at the same place, a few times within days.
  for (let n = 0; n < 150; n++) {
    const m = someMember();
    const org = plan.home[m]!;
    const csn = random() < 0.5 ? cardSerial(m, 1) : cardSerial(plan.count + 1 + n, 0);
    const first = recent(30);
    const times = 1 + Math.floor(random() * 5);
    for (let t = 0; t < times; t++) raise('denied', org, csn, Math.min(anchorMs - 60_000, first + Math.floor(random() * 5 * DAY)), 1, { why: 'revoked' });
  }
  db.exec('COMMIT');
}

/** Overrides a county or city might set, so thresholds are inherited and overridden on real paths. */
function writeThresholdOverrides(db: Db, tree: OrgTree, anchorMs: number): void {
  const firstOf = (kind: string, nth: number): number | undefined => {
    let seen = 0;
    for (let id = 1; id <= tree.count; id++) if (tree.kind[id] === kind && seen++ === nth) return id;
    return undefined;
  };
  const insert = db.prepare('INSERT INTO diagnostic_thresholds (org_id, org_kind, family, settings, updated_at) VALUES (?, ?, ?, ?, ?)');
  const at = new Date(anchorMs - 100 * DAY).toISOString();
  const city = firstOf('city', 0);
  const county = firstOf('county', 1);
  if (city !== undefined) insert.run(city, 'branch', 'meeting-cadence', JSON.stringify({ every: { lecture: 'P3M' } }), at);
  if (county !== undefined) insert.run(county, null, 'six-month', JSON.stringify({ warnMonths: 2 }), at);
  insert.run(null, null, 'kiosks', JSON.stringify({ silentHours: 48 }), at);
}
