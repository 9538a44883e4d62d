/** Order statistics for benchmark samples (milliseconds). Medians and high percentiles, never means. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) throw new RangeError('no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export const median = (samples: number[]): number => percentile(samples, 50);

export const ms = (value: number): string => `${value.toFixed(2)} ms`;
