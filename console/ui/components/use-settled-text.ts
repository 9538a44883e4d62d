import { useEffect, useState } from 'react';

/** Typing pauses this long before a search goes to the server, so a name typed quickly is one request, not one a letter. */
const TYPING_PAUSE_MS = 250;

/** `text`, trimmed, once typing has paused. */
export function useSettledText(text: string): string {
  const [settled, setSettled] = useState(text.trim());
  useEffect(() => {
    const timer = setTimeout(() => setSettled(text.trim()), TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [text]);
  return settled;
}
