import { describe, expect, it } from 'vitest';
import { itemsThatFit } from '../../../console/ui/app/items-that-fit.ts';

describe('how many pages the top bar shows before "more"', () => {
  it('when every item fits, then all are shown and there is no "more", even with no room to spare', () => {
    expect(itemsThatFit([50, 60, 70], 184, 2, 40)).toBe(3);
    expect(itemsThatFit([50, 60, 70], 500, 2, 40)).toBe(3);
  });

  it('when they do not all fit, then as many are shown as leave room for "more" after one more gap', () => {
    // 50 + 2 + 60 + 2 + 40 = 154: two items and "more" fit exactly; the third item would need 184.
    expect(itemsThatFit([50, 60, 70], 154, 2, 40)).toBe(2);
    expect(itemsThatFit([50, 60, 70], 153, 2, 40)).toBe(1);
    expect(itemsThatFit([50, 60, 70], 183, 2, 40)).toBe(2);
  });

  it('when not even one item fits beside "more", then everything is under "more"', () => {
    expect(itemsThatFit([50, 60, 70], 60, 2, 40)).toBe(0);
    expect(itemsThatFit([50, 60, 70], 0, 2, 40)).toBe(0);
  });
});
