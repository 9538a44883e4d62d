import { describe, expect, it } from 'vitest';
import { gb11643CheckChar, idNumberProblem, isValidIdNumber } from '../../server/crypto/gb11643.ts';

describe('resident ID number check (GB 11643-1999, ISO 7064 MOD 11-2)', () => {
  it.each([
    ['11010519491231002X', 'the standard example, check character X'],
    ['440524188001010014', 'the standard example with digit check character'],
    ['11010119900307803X', 'another X'],
    [`32031119770706001${gb11643CheckChar('32031119770706001')}`, 'computed check character'],
  ])('accepts %s (%s)', (id) => {
    expect(idNumberProblem(id)).toBeUndefined();
  });

  it('accepts a lower-case x and surrounding spaces, as people type them', () => {
    expect(isValidIdNumber(' 11010519491231002x ')).toBe(true);
  });

  it('computes the check character from the weighted sum', () => {
    expect(gb11643CheckChar('44052418800101001')).toBe('4');
    expect(gb11643CheckChar('11010519491231002')).toBe('X');
  });

  it.each([
    ['110105194912310021', 'check-digit'],
    ['440524188001010015', 'check-digit'],
    ['11010519491231002', 'format'],
    ['11010519491231002XX', 'format'],
    ['1101051949123100AX', 'format'],
    ['110105194902300021', 'birth-date'],
    ['110105194913010021', 'birth-date'],
    ['', 'format'],
  ])('refuses %s because of its %s', (id, problem) => {
    expect(idNumberProblem(id)).toBe(problem);
  });

  it('refuses every single-digit change of a valid number (the check digit catches it)', () => {
    const valid = '440524188001010014';
    let refused = 0;
    for (let position = 14; position < 17; position++) {
      for (let digit = 0; digit <= 9; digit++) {
        const changed = valid.slice(0, position) + String(digit) + valid.slice(position + 1);
        if (changed === valid) continue;
        expect(isValidIdNumber(changed), changed).toBe(false);
        refused += 1;
      }
    }
    expect(refused).toBe(27);
  });
});
