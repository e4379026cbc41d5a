// One i18next instance for the console. zh-CN is bundled (the default language); bo and en are
// fetched as their own chunks when chosen. The choice is kept per device in localStorage.
import i18next, { type TFunction } from 'i18next';
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import zhCN from '../../i18n/zh-CN.json';

export const LANGUAGES = ['zh-CN', 'bo', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'zh-CN';
const STORAGE_KEY = 'aidflow.language';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof zhCN };
  }
}

const loaders: Record<Exclude<Language, 'zh-CN'>, () => Promise<{ default: typeof zhCN }>> = {
  bo: () => import('../../i18n/bo.json'),
  en: () => import('../../i18n/en.json'),
};

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

function storedLanguage(): Language {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLanguage(stored)) return stored;
  } catch {
    // Storage may be disabled; the default language still works.
  }
  return DEFAULT_LANGUAGE;
}

async function ensureLoaded(language: Language): Promise<void> {
  if (language === 'zh-CN' || i18next.hasResourceBundle(language, 'translation')) return;
  const bundle = await loaders[language]();
  i18next.addResourceBundle(language, 'translation', bundle.default, true, true);
}

function applyToDocument(language: Language): void {
  document.documentElement.lang = language;
  document.documentElement.dataset.lang = language;
}

export async function initI18n(): Promise<void> {
  const language = storedLanguage();
  await i18next.init({
    lng: DEFAULT_LANGUAGE,
    fallbackLng: false,
    supportedLngs: [...LANGUAGES],
    resources: { 'zh-CN': { translation: zhCN } },
    interpolation: { escapeValue: false },
    returnNull: false,
    showSupportNotice: false,
  });
  await setLanguage(language);
}

export async function setLanguage(language: Language): Promise<void> {
  await ensureLoaded(language);
  await i18next.changeLanguage(language);
  applyToDocument(language);
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Not persisted; the choice holds for this page.
  }
}

export function currentLanguage(): Language {
  return isLanguage(i18next.language) ? i18next.language : DEFAULT_LANGUAGE;
}

/** The current language, provided by the shell so that a switch re-renders every page. */
export const LanguageContext = createContext<Language>(DEFAULT_LANGUAGE);

export function useT(): { t: TFunction; lang: Language } {
  const lang = useContext(LanguageContext);
  return { t: i18next.getFixedT(lang), lang };
}

export { i18next };
