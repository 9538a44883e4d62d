import type { Org } from '../api/types.ts';

/** The server answers at most this many codes at once. */
const BATCH = 50;
/** Names asked for while one screen renders go out together. */
const GATHER_MS = 30;

/**
 * Codes whose names a screen wants, gathered for a moment and asked for in small batches, each code once: a
 * page of 50 rows naming 30 organisations costs one request, not 30. Codes the server does not answer (outside
 * reach, or gone) are not asked again; their rows show the code or the name their own answer carried.
 */
export class OrgNameBatches {
  private readonly asked = new Set<string>();
  private pending = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly lookUp: (codes: string[]) => Promise<Org[]>,
    private readonly found: (orgs: Org[]) => void,
  ) {}

  want(code: string): void {
    if (this.asked.has(code)) return;
    this.asked.add(code);
    this.pending.add(code);
    this.timer ??= setTimeout(() => this.flush(), GATHER_MS);
  }

  /** Stops asking: the screen that wanted the names is gone. */
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }

  private flush(): void {
    this.timer = undefined;
    const codes = [...this.pending];
    this.pending = new Set();
    for (let start = 0; start < codes.length; start += BATCH) {
      // A failed batch leaves its rows showing codes: a name is a help to read the page, not the page itself.
      this.lookUp(codes.slice(start, start + BATCH)).then(this.found, () => undefined);
    }
  }
}
