import { useRef } from 'preact/hooks';
import { newIdempotencyKey } from '../api/client';

/**
 * One Idempotency-Key per intent: a double click or a retry of the same form content reuses it
 * (the server answers the first result); changed content or a refused attempt gets a new one.
 */
export function useIntentKey(): { keyFor: (content: unknown) => string; spend: () => void } {
  const current = useRef<{ content: string; key: string } | undefined>(undefined);
  return {
    keyFor(content) {
      const text = JSON.stringify(content);
      if (current.current?.content !== text)
        current.current = { content: text, key: newIdempotencyKey() };
      return current.current.key;
    },
    spend() {
      current.current = undefined;
    },
  };
}
