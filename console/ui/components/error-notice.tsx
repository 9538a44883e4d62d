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

/**
 * A refusal as the organiser reads it: what happened and what to do (translated by code), then the server's
 * own words and the code, which is what support asks for.
 */
export function ErrorNotice({ failure }: { failure: ApiFailure | undefined }) {
  const m = useMessages();
  if (!failure) return null;
  const issues = validationIssues(failure);
  return (
    <div className="notice notice--error" role="alert" data-testid="error" data-code={failure.code}>
      <p className="notice__main">{errorText(m, failure)}</p>
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
