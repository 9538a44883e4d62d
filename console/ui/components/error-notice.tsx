import type { ApiFailure } from '../api/http-client.ts';
import { errorText } from '../i18n/error-text.ts';
import { useMessages } from '../i18n/language.tsx';

interface Issue {
  path: string;
  message: string;
}

const validationIssues = (failure: ApiFailure): Issue[] => {
  const issues = failure.details?.issues;
  return Array.isArray(issues) ? issues.filter((issue): issue is Issue => typeof issue?.path === 'string' && typeof issue.message === 'string') : [];
};

/** How long a refusal that passes with time (429 ERR_TOO_MANY_ATTEMPTS, 503 ERR_SERVER_BUSY) asks to wait, in seconds. */
const retryAfterSeconds = (failure: ApiFailure): number | undefined => {
  const seconds = failure.details?.retryAfterSeconds;
  return typeof seconds === 'number' && seconds > 0 ? seconds : undefined;
};

/**
 * A refusal as the organiser reads it: what happened and what to do (translated by code), when to try again if
 * the refusal passes with time, then the server's own words and the code, which is what support asks for.
 */
export function ErrorNotice({ failure }: { failure: ApiFailure | undefined }) {
  const m = useMessages();
  if (!failure) return null;
  const issues = validationIssues(failure);
  const wait = retryAfterSeconds(failure);
  return (
    <div className="notice notice--error" role="alert" data-testid="error" data-code={failure.code}>
      <p className="notice__main">{errorText(m, failure)}</p>
      {wait !== undefined && (
        <p className="notice__main" data-testid="try-again-in">
          {m.tryAgainIn(wait)}
        </p>
      )}
      {issues.length > 0 && (
        <ul className="notice__issues">
          {issues.map((issue) => (
            <li key={issue.path + issue.message}>
              <code>{issue.path || '—'}</code>: {issue.message}
            </li>
          ))}
        </ul>
      )}
      <p className="notice__detail">
        {m.serverSaid} {failure.serverMessage} <span className="code">({failure.code})</span>
      </p>
    </div>
  );
}

export function DoneNotice({ text }: { text: string | undefined }) {
  if (!text) return null;
  return (
    <div className="notice notice--done" role="status" data-testid="done">
      {text}
    </div>
  );
}
