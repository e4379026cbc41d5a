import type { JSX } from 'preact';
import { translateError } from '../api/problems';
import { useT } from '../i18n/i18n';

/** An API or network error in the user's language, each bad field on its own line. */
export function ErrorNotice({ error, id }: { error: unknown; id?: string }): JSX.Element | null {
  const { t, lang } = useT();
  if (!error) return null;
  const { title, lines } = translateError(t, lang, error);
  return (
    <div class="notice error" role="alert" id={id}>
      <strong>{title}</strong>
      {lines.length > 0 && (
        <ul>
          {lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
