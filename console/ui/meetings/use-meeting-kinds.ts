import type { MeetingKind } from '../api/types.ts';
import { useLoad } from '../components/use-load.ts';
import { useSignedIn } from '../session/session.tsx';

export function useMeetingKinds(): MeetingKind[] | undefined {
  const { api } = useSignedIn();
  return useLoad(() => api.meetingKinds(), 'kinds').data;
}
