/** Progress of a long generation on stderr: phase, rows, percent and rate, at most once a second. */
import { performance } from 'node:perf_hooks';

const count = (n: number): string => Math.round(n).toLocaleString('en-US');

export class Progress {
  private phaseName = '';
  private total = 0;
  private done = 0;
  private startedAt = 0;
  private shownAt = 0;
  private readonly began = performance.now();
  /** seconds per finished phase */
  readonly phases: { name: string; rows: number; seconds: number }[] = [];

  constructor(private readonly out: NodeJS.WritableStream = process.stderr) {}

  phase(name: string, total: number): void {
    this.end();
    this.phaseName = name;
    this.total = total;
    this.done = 0;
    this.startedAt = performance.now();
    this.shownAt = 0;
  }

  add(rows: number): void {
    this.done += rows;
    const now = performance.now();
    if (now - this.shownAt >= 1000) {
      this.shownAt = now;
      this.show(now, '\r');
    }
  }

  /** closes the current phase with a final line */
  end(): void {
    if (this.phaseName === '') return;
    const now = performance.now();
    this.show(now, '\n');
    this.phases.push({ name: this.phaseName, rows: this.done, seconds: (now - this.startedAt) / 1000 });
    this.phaseName = '';
  }

  elapsedSeconds(): number {
    return (performance.now() - this.began) / 1000;
  }

  private show(now: number, end: string): void {
    const seconds = (now - this.startedAt) / 1000;
    const pct = this.total > 0 ? ` (${Math.min(100, (100 * this.done) / this.total).toFixed(0)}%)` : '';
    const rate = seconds > 0 ? `, ${count(this.done / seconds)} rows/s` : '';
    this.out.write(`    ${this.phaseName}: ${count(this.done)}${this.total > 0 ? ` / ${count(this.total)}` : ''}${pct}${rate}, ${seconds.toFixed(0)} s, total ${this.elapsedSeconds().toFixed(0)} s   ${end}`);
  }
}
