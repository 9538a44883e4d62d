import { describe, expect, it } from 'vitest';
import { SessionUse } from '../../../console/ui/session/session-use.ts';

describe('renewing a console session only while it is in use', () => {
  it('when the console was used before the renewal falls due, then it renews once, at once', () => {
    const use = new SessionUse();
    let renewals = 0;
    use.note();
    use.note();
    use.renewalDue(() => renewals++);
    expect(renewals).toBe(1);
    use.note();
    expect(renewals).toBe(1);
  });

  it('when nobody touched the console, then the renewal waits for the next use, and renews then', () => {
    const use = new SessionUse();
    let renewals = 0;
    use.renewalDue(() => renewals++);
    expect(renewals).toBe(0);
    use.note();
    expect(renewals).toBe(1);
  });

  it('when a new token comes, then what was done before it does not count, and no renewal is due', () => {
    const use = new SessionUse();
    let renewals = 0;
    use.note();
    use.restart();
    use.renewalDue(() => renewals++);
    expect(renewals).toBe(0);
    use.restart();
    use.note();
    expect(renewals).toBe(0);
  });

  it('when the renewal itself makes a request, then that request does not renew again', () => {
    const use = new SessionUse();
    let renewals = 0;
    const renew = (): void => {
      renewals++;
      use.note();
    };
    use.note();
    use.renewalDue(renew);
    expect(renewals).toBe(1);
  });
});
