import type { MeetingKind } from '../api/types.ts';
import { useLoad } from '../components/use-load.ts';
import { useSignedIn } from '../session/session.tsx';

/** Loads the kinds on every call: call it once per screen and hand the list to the tables that name kinds. */
export function useMeetingKinds(): MeetingKind[] | undefined {
  const { api } = useSignedIn();
  return useLoad(() => api.meetingKinds(), 'kinds').data;
}
