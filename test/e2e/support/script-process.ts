import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = join(import.meta.dirname, '..', '..', '..');

/** A command of this repository run as a user runs it, with what it prints (stdout and stderr) read line by line. */
export class ScriptProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly lines: string[] = [];
  private readonly waiters = new Set<() => void>();
  private closed = false;
  readonly exited: Promise<number | null>;

  constructor(command: string, args: string[]) {
    this.child = spawn(command, args, { cwd: ROOT });
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
    // 'close' comes after the last line of both streams: a waiter still waiting then waits in vain.
    this.child.once('close', () => {
      this.closed = true;
      for (const wake of [...this.waiters]) wake();
    });
    for (const stream of [this.child.stdout, this.child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        this.lines.push(line);
        for (const wake of [...this.waiters]) wake();
      });
    }
  }

  send(command: string): void {
    this.child.stdin.write(`${command}\n`);
  }

  /** The first line (from `from` on) matching `pattern`; fails with everything printed so far at the timeout or when the command ends without it. */
  line(pattern: RegExp, from = 0, timeoutMs = 15_000): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const found = this.lines.slice(from).find((line) => pattern.test(line));
        if (found === undefined && !this.closed) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        if (found !== undefined) resolve(found);
        else reject(new Error(`the command ended (exit ${String(this.child.exitCode)}) without a line matching ${pattern}; output:\n${this.lines.join('\n')}`));
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms; output:\n${this.lines.join('\n')}`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }
}
