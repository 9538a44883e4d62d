import type { Severity } from '../api/types.ts';
import { useMessages } from '../i18n/language.tsx';

/** Most severe first: the order the dashboard counts and lists them in. */
export const SEVERITY_ORDER: readonly Severity[] = ['critical', 'serious', 'warning', 'info'];

/** A severity in colour and in words: the colour helps at a glance, the word carries the meaning. */
export function SeverityBadge({ severity }: { severity: Severity }) {
  const m = useMessages();
  return (
    <span className={`severity severity--${severity}`} data-testid="severity" data-severity={severity}>
      {m.severities[severity]}
    </span>
  );
}
