import { IncomingMessage } from 'node:http';
import { Language, pickLanguage } from './messages';

/** The page language of a request: the form's or ?lang= choice, then ui_locales, then Accept-Language. */
export function languageOf(req: IncomingMessage, uiLocales?: string, chosen?: string): Language {
  const url = new URL(req.url ?? '/', 'http://identity.invalid');
  const header: string | undefined = req.headers['accept-language'];
  return pickLanguage(
    chosen ?? url.searchParams.get('lang') ?? undefined,
    uiLocales ?? url.searchParams.get('ui_locales') ?? undefined,
    header,
  );
}
