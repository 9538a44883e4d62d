const rowWidth = (widths: number[], gap: number): number => widths.reduce((total, width) => total + width, 0) + gap * Math.max(widths.length - 1, 0);

/**
 * How many items, from the first, fit side by side in `room`, `gap` apart: all of them if they can, or else as
 * many as leave room, one gap on, for the "more" button that holds the rest.
 */
export function itemsThatFit(widths: number[], room: number, gap: number, moreWidth: number): number {
  if (rowWidth(widths, gap) <= room) return widths.length;
  let count = widths.length - 1;
  while (count > 0 && rowWidth(widths.slice(0, count), gap) + gap + moreWidth > room) count -= 1;
  return count;
}
