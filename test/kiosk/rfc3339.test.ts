import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { rfc3339WithOffset } from '../../kiosk/core/time/rfc3339.ts';

const instant = new Date('2026-12-31T17:30:05.007Z');

describe('event time', () => {
  it.each([
    [480, '2027-01-01T01:30:05.007+08:00'],
    [0, '2026-12-31T17:30:05.007+00:00'],
    [-300, '2026-12-31T12:30:05.007-05:00'],
    [345, '2026-12-31T23:15:05.007+05:45'],
    [-570, '2026-12-31T08:00:05.007-09:30'],
  ])('when the kiosk is at UTC offset %i minutes, then `at` is local wall time with that offset (%s)', (offset, expected) => {
    const text = rfc3339WithOffset(instant, offset);
    expect(text).toBe(expected);
    expect(new Date(text).getTime()).toBe(instant.getTime());
    expect(z.string().datetime({ offset: true }).safeParse(text).success).toBe(true);
  });
});
