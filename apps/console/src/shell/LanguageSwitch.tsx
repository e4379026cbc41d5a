import type { JSX } from 'preact';
import { isLanguage, LANGUAGES, setLanguage, useT } from '../i18n/i18n';

/** Each language named in itself, so anyone can find their own. */
const NATIVE_NAMES = { 'zh-CN': '中文', bo: 'བོད་ཡིག', en: 'English' } as const;

export function LanguageSwitch(): JSX.Element {
  const { t, lang } = useT();
  return (
    <label class="lang">
      <span class="sr-only">{t('common.language')}</span>
      <select
        id="language"
        value={lang}
        onChange={(event) => {
          const value = event.currentTarget.value;
          if (isLanguage(value)) void setLanguage(value);
        }}
      >
        {LANGUAGES.map((code) => (
          <option key={code} value={code} lang={code}>
            {NATIVE_NAMES[code]}
          </option>
        ))}
      </select>
    </label>
  );
}
