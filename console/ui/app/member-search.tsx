import { useState, type FormEvent } from 'react';
import { useMessages } from '../i18n/language.tsx';
import { useRouter } from './router.tsx';

/** Straight to a member's page by member number, from anywhere: the question organisers are asked most. */
export function MemberSearch() {
  const m = useMessages();
  const { navigate } = useRouter();
  const [number, setNumber] = useState('');
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const wanted = number.trim();
    if (wanted !== '') navigate({ page: 'member', number: wanted });
  };
  return (
    <form className="member-search" role="search" onSubmit={submit}>
      <input aria-label={m.memberNumber} placeholder={m.findMemberPlaceholder} value={number} onChange={(event) => setNumber(event.target.value)} data-testid="member-search" />
      <button type="submit" className="button button--quiet">
        {m.find}
      </button>
    </form>
  );
}
