import { useEffect, useRef } from 'react';

/**
 * Calls `onUntouched` once the screen has gone `ms` without a touch or a key while `active`; each touch or key
 * starts the wait again. Only people restart it: the kiosk's own status updates and re-renders do not, and a
 * new `onUntouched` each render is fine.
 */
export function useUntouched(ms: number, active: boolean, onUntouched: () => void): void {
  const latest = useRef(onUntouched);
  latest.current = onUntouched;
  useEffect(() => {
    if (!active) return;
    const fire = (): void => latest.current();
    let timer = setTimeout(fire, ms);
    const touched = (): void => {
      clearTimeout(timer);
      timer = setTimeout(fire, ms);
    };
    window.addEventListener('pointerdown', touched);
    window.addEventListener('keydown', touched);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('pointerdown', touched);
      window.removeEventListener('keydown', touched);
    };
  }, [ms, active]);
}
