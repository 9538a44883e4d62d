import { describe, expect, it } from 'vitest';
import { BatchSizer } from '../../kiosk/core/sync/batch-sizer.ts';

describe('BatchSizer: how many events the next POST carries', () => {
  it('when nothing goes wrong, then every batch is as large as allowed', () => {
    const sizer = new BatchSizer(500);
    sizer.delivered();
    expect(sizer.limit).toBe(500);
  });

  it('when a batch gets no answer, then the next is half as large, and batches that get through double it back to the most', () => {
    const sizer = new BatchSizer(500);
    sizer.noAnswer(500);
    expect(sizer.limit).toBe(250);
    sizer.noAnswer(250);
    sizer.noAnswer(125);
    expect(sizer.limit).toBe(63);
    const limits = [];
    for (let i = 0; i < 4; i++) {
      sizer.delivered();
      limits.push(sizer.limit);
    }
    expect(limits).toEqual([126, 252, 500, 500]);
  });

  it('when a batch is too large for the server or a proxy (413), then the ceiling comes down for good', () => {
    const sizer = new BatchSizer(500);
    sizer.tooLarge(500);
    sizer.tooLarge(250);
    expect(sizer.limit).toBe(125);
    for (let i = 0; i < 5; i++) sizer.delivered();
    expect(sizer.limit).toBe(125);
    sizer.noAnswer(125);
    sizer.delivered();
    expect(sizer.limit).toBe(125);
  });

  it('never goes below one event', () => {
    const sizer = new BatchSizer(2);
    for (let i = 0; i < 3; i++) sizer.noAnswer(sizer.limit);
    sizer.tooLarge(1);
    expect(sizer.limit).toBe(1);
    expect(new BatchSizer(0).limit).toBe(1);
  });
});
