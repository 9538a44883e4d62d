import { z } from 'zod';
import { authorize } from '../auth/policy.ts';
import { auditActorOf, type Principal } from '../auth/principal.ts';
import { isoTimestamp } from '../clock.ts';
import type { MemberDataContext } from '../context.ts';
import { idNumberProblem, normaliseIdNumber } from '../crypto/gb11643.ts';
import { isApiError, type ApiErrorCode } from '../errors.ts';
import { EventLoopTurns } from '../event-loop-turns.ts';
import { IsoDateSchema, MemberNumberSchema, PersonNameSchema } from '../schemas/common.ts';
import type { ImportReport, ImportRowError } from '../schemas/members.ts';
import type { NewMember } from '../store/repositories/members.ts';
import type { Org } from '../store/repositories/orgs.ts';
import { ImportProblems } from './import-problems.ts';
import { parseMemberCsv, type CsvRow } from './member-csv.ts';
import { idNumberProblemText, protectIdNumber } from './members.ts';
import { membershipStartProblem } from './membership-start.ts';

interface ValidRow {
  line: number;
  member: NewMember;
}

const fieldError = (row: CsvRow, field: string, code: ApiErrorCode, message: string): ImportRowError => ({ row: row.line, field, code, message });

const REPEATED = {
  member_number: { code: 'ERR_MEMBER_NUMBER_REPEATED', what: 'member number' },
  id_number: { code: 'ERR_ID_NUMBER_REPEATED', what: 'ID number' },
} as const;

/** The row's problem when an earlier valid row of the file has the same `key` in `field`. */
function repeatOf(row: CsvRow, field: keyof typeof REPEATED, rowOf: Map<string, number>, key: string): ImportRowError | undefined {
  const earlier = rowOf.get(key);
  if (earlier === undefined) return undefined;
  const { code, what } = REPEATED[field];
  return { ...fieldError(row, field, code, `the same ${what} as row ${earlier} of this file`), sameAs: earlier };
}

function checkField(row: CsvRow, field: 'member_number' | 'name' | 'since', schema: z.ZodType, errors: ImportRowError[]): void {
  const value = row.values[field];
  if (value === undefined) {
    if (field !== 'since') errors.push(fieldError(row, field, 'ERR_VALIDATION', `${field} is empty`));
    return;
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) errors.push(fieldError(row, field, 'ERR_VALIDATION', parsed.error.issues[0]?.message ?? `${field} is not valid`));
}

/**
 * Imports members from CSV: every row is validated on its own and every problem reported with the
 * row's line, the field and a stable code (the first 1,000 listed, all counted: import-problems.ts); the
 * valid rows are written in one transaction, and rows that collide with stored members (or earlier rows
 * of the same file) are reported too. The file is parsed, checked and written a few milliseconds at a
 * time, so the server goes on answering other requests while a large file is imported.
 */
export async function importMembers(ctx: MemberDataContext, principal: Principal, csv: string): Promise<ImportReport> {
  const { columns, rows } = await parseMemberCsv(csv);
  const orgs = new Map<string, Org | undefined>();
  const errors = new ImportProblems();
  const turns = new EventLoopTurns();
  const valid: ValidRow[] = [];
  /** the valid row each member number, and each ID number (by its hash), first appeared on */
  const rowOfMemberNumber = new Map<string, number>();
  const rowOfIdh = new Map<string, number>();
  const now = ctx.clock.now();
  const today = ctx.calendar.dayOf(now);

  for (const row of rows) {
    await turns.next();
    const rowErrors: ImportRowError[] = [];
    if (row.fieldCount !== undefined) {
      rowErrors.push(fieldError(row, '*', 'ERR_VALIDATION', `the row has ${row.fieldCount} fields; the header has ${columns}`));
    }
    checkField(row, 'member_number', MemberNumberSchema, rowErrors);
    checkField(row, 'name', PersonNameSchema, rowErrors);
    checkField(row, 'since', IsoDateSchema, rowErrors);

    const idNumber = row.values.id_number;
    const problem = idNumber === undefined ? 'format' : idNumberProblem(idNumber);
    if (problem) rowErrors.push(fieldError(row, 'id_number', 'ERR_ID_NUMBER_INVALID', idNumberProblemText(problem)));
    const clear = problem === undefined && idNumber !== undefined ? normaliseIdNumber(idNumber) : undefined;
    const since = row.values.since ?? today;
    if (clear !== undefined && IsoDateSchema.safeParse(since).success) {
      const sinceProblem = membershipStartProblem(since, clear, today);
      if (sinceProblem !== undefined) rowErrors.push(fieldError(row, 'since', 'ERR_MEMBER_SINCE_INVALID', sinceProblem));
    }

    const code = row.values.org;
    let org: Org | undefined;
    if (code === undefined) {
      rowErrors.push(fieldError(row, 'org', 'ERR_VALIDATION', 'org is empty'));
    } else {
      if (!orgs.has(code)) orgs.set(code, await ctx.read.orgs.byCode(code));
      org = orgs.get(code);
      if (!org) {
        rowErrors.push(fieldError(row, 'org', 'ERR_ORG_NOT_FOUND', `no organisation has code ${code}`));
      } else {
        try {
          authorize(principal, 'member.import', org);
        } catch (error) {
          if (!isApiError(error)) throw error;
          rowErrors.push(fieldError(row, 'org', error.code, error.message));
        }
      }
    }

    if (rowErrors.length > 0 || !org || clear === undefined) {
      errors.add(...rowErrors);
      continue;
    }
    const memberNumber = row.values.member_number as string;
    const { sealed, idh } = await protectIdNumber(ctx, clear, memberNumber);
    // Reported as taken, a value typed twice in one file would send the reader looking in the register for a
    // member who is only the earlier row; the report names that row instead.
    const repeated = repeatOf(row, 'member_number', rowOfMemberNumber, memberNumber) ?? repeatOf(row, 'id_number', rowOfIdh, idh);
    if (repeated) {
      errors.add(repeated);
      continue;
    }
    rowOfMemberNumber.set(memberNumber, row.line);
    rowOfIdh.set(idh, row.line);
    valid.push({
      line: row.line,
      member: { memberNumber, name: (row.values.name as string).trim(), idNumberSealed: sealed, idh, homeOrgId: org.id, since },
    });
  }

  // Like one created by hand, an imported member can have no reminder yet: the diagnostics are not told.
  const outcomes = valid.length === 0 ? [] : await ctx.write.members.importMany(valid.map((row) => row.member), isoTimestamp(now), auditActorOf(principal));
  let imported = 0;
  outcomes.forEach((outcome, index) => {
    const row = valid[index] as ValidRow;
    if (outcome.ok) {
      imported += 1;
    } else if (outcome.conflict === 'member_number') {
      errors.add({ row: row.line, field: 'member_number', code: 'ERR_MEMBER_NUMBER_TAKEN', message: `member number ${row.member.memberNumber} is taken` });
    } else {
      errors.add({ row: row.line, field: 'id_number', code: 'ERR_ID_NUMBER_TAKEN', message: 'a member with this ID number exists' });
    }
  });
  return { imported, rejected: rows.length - imported, ...errors.report() };
}
