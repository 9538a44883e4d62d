import { createHash } from 'node:crypto';
import type { ReadContext } from '../context.ts';

/** A roster line as every kiosk of the tree is sent it; the secretary mark is the kiosk organisation's own. */
export interface RosterLine {
  member: string;
  name: string;
  org: string;
  orgName: string;
}

export interface TreeRoster {
  lines: readonly RosterLine[];
  /** SHA-256 (base64url) of the lines' JSON: the roster's share of the configuration's ETag */
  digest: string;
}

/**
 * The kiosk roster of each tree, read and hashed once for each version of the tree (kept by the database: migration
 * 031) and each organisation's day (the roster is of the home periods covering today), then shared by every kiosk of
 * the tree until either moves. Only the newest roster of a tree is kept.
 */
export class KioskRosters {
  private readonly trees = new Map<string, { key: string; roster: Promise<TreeRoster> }>();

  async of(ctx: ReadContext, treePath: string, day: string): Promise<TreeRoster> {
    // The version is read before the roster: a write landing in between leaves a roster newer than its key, read
    // again at the next request, never one older than its key.
    const key = `${await ctx.read.members.rosterVersion(treePath)}@${day}`;
    const held = this.trees.get(treePath);
    if (held?.key === key) return held.roster;
    const roster = readRoster(ctx, treePath, day);
    this.trees.set(treePath, { key, roster });
    // A failed read is not kept: the next request reads again.
    roster.catch(() => {
      if (this.trees.get(treePath)?.roster === roster) this.trees.delete(treePath);
    });
    return roster;
  }
}

async function readRoster(ctx: ReadContext, treePath: string, day: string): Promise<TreeRoster> {
  const members = await ctx.read.members.roster({ kind: 'subtree', path: treePath }, day);
  const lines = members.map((entry): RosterLine => ({ member: entry.memberNumber, name: entry.name, org: entry.homeOrgCode, orgName: entry.homeOrgName }));
  return { lines, digest: createHash('sha256').update(JSON.stringify(lines)).digest('base64url') };
}
