import type { DayWindow } from './histories.ts';

export type FlowKind = 'transfers' | 'mobile' | 'checkins';

/** How many movements of one kind went from one organisation to another (by materialised path). */
export interface FlowPair {
  kind: FlowKind;
  fromPath: string;
  toPath: string;
  count: number;
}

export interface FlowReader {
  /**
   * Every pair in the window with at least one end inside the subtree at `rootPath`: transfers accepted,
   * mobile registrations starting (home on the first day → host), cross-organisation check-ins (home → host).
   */
  pairs(rootPath: string, window: DayWindow): Promise<FlowPair[]>;
}
