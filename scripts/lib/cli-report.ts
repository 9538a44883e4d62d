/** What one run of a command-line check prints, and how it exits (`npm run verify`, either mode). */
export interface Report {
  exitCode: number;
  stdout: string[];
  stderr: string[];
}
