import type { KioskConfig } from '../config/kiosk-config.ts';
import type { KioskMode, ModeEvent } from '../modes/kiosk-mode.ts';
import type { Outbox } from '../outbox/outbox.ts';
import type { Clock } from '../time/clock.ts';

/** Everything a tap needs, gathered once the kiosk is enrolled and has a configuration. */
export interface SessionContext {
  kioskKid: string;
  /** the kiosk's organisation: the host of its meetings, the receiver of its transfers */
  org: string;
  outbox: Outbox;
  config: KioskConfig;
  clock: Clock;
}

/** The kiosk's mode, read at the start of a tap and moved on by the transfer steps. */
export interface ModeHolder {
  current(): KioskMode;
  apply(event: ModeEvent): void;
}
