import type { ImportReport, ImportRowError } from '../schemas/members.ts';

/** The most problems one import report lists: a file of a million bad rows would otherwise be answered in 100 MB. */
export const MAX_LISTED_PROBLEMS = 1000;

const TAKEN_CODES: readonly string[] = ['ERR_MEMBER_NUMBER_TAKEN', 'ERR_ID_NUMBER_TAKEN'];

/**
 * The problems of a member import as its report lists them: every one counted, at most MAX_LISTED_PROBLEMS kept.
 * Problems to correct in the file are listed before rows whose number is registered already, since importing a
 * corrected file again reports every row the first import took as taken, and those would fill the list first.
 */
export class ImportProblems {
  private readonly inFile: ImportRowError[] = [];
  private readonly taken: ImportRowError[] = [];
  private count = 0;

  add(...problems: ImportRowError[]): void {
    for (const problem of problems) {
      this.count += 1;
      const list = TAKEN_CODES.includes(problem.code) ? this.taken : this.inFile;
      if (list.length < MAX_LISTED_PROBLEMS) list.push(problem);
    }
  }

  /** The report's list in row order, with the count of all of them and, when some are left out, a sentence saying so. */
  report(): Pick<ImportReport, 'errors' | 'errorCount' | 'note'> {
    const listed = [...this.inFile, ...this.taken].slice(0, MAX_LISTED_PROBLEMS).sort((a, b) => a.row - b.row);
    if (listed.length === this.count) return { errors: listed, errorCount: this.count };
    const note =
      `only the first ${listed.length} of ${this.count} problems are listed (those to correct in the file first, then rows already registered): ` +
      'correct these rows and import the file again to see the rest';
    return { errors: listed, errorCount: this.count, note };
  }
}
