import type { ReadableDb } from '../db-handles.ts';
import { subtreeRange, type OrgFilter } from '../org-filter.ts';
import { statement } from './statements.ts';

/**
 * A page of a list over part of the tree (members by number, meetings by start, kiosks by name) is read one of two ways. Over
 * a large part, walk the list's own order and keep the rows within the part until the page is full: about
 * 1 / share rows read per row kept. Over a small part, take the rows of each organisation there and sort them:
 * about share × all rows. SQLite's planner cannot know how many organisations a path range holds (at a
 * province's root it sorted a million members for a page of 50; in a branch, walking the order read a million to
 * find two), so the list asks here and fixes the join order with CROSS JOIN.
 */
const LARGE_PART = 0.02;

/** Whether the filter holds LARGE_PART of the organisations or more (counting no further than that). */
export function coversLargePart(db: ReadableDb, filter: OrgFilter): boolean {
  if (filter.kind !== 'subtree') return filter.kind === 'all';
  const total = statement(db, 'SELECT count(*) FROM organisations').pluck().get() as number;
  const enough = Math.max(1, Math.ceil(total * LARGE_PART));
  const { low, high } = subtreeRange(filter.path);
  const held = statement(db, 'SELECT count(*) FROM (SELECT 1 FROM organisations WHERE path >= ? AND path < ? LIMIT ?)').pluck().get(low, high, enough) as number;
  return held >= enough;
}
