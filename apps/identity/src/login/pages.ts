// Server-rendered pages of the provider: plain HTML and one stylesheet from this origin, no script
// (the gateway's CSP: default-src 'self', no inline code).
import { Language, LANGUAGE_NAMES, LANGUAGES, MESSAGES } from './messages';

export const STYLESHEET_PATH = '/oidc/assets/login.css';
/** Named in login.css's @font-face. */
export const TIBETAN_FONT_PATH = '/oidc/assets/noto-serif-tibetan-400.woff2';

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function layout(lang: Language, title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">
</head>
<body>
<main class="card">
${body}
</main>
</body>
</html>`;
}

/** Links to the same page in each language (the switch works without script). */
function languageSwitch(lang: Language, hrefFor: (l: Language) => string): string {
  const m = MESSAGES[lang];
  const links = LANGUAGES.map((l) =>
    l === lang
      ? `<li><span aria-current="true" lang="${l}">${LANGUAGE_NAMES[l]}</span></li>`
      : `<li><a href="${escapeHtml(hrefFor(l))}" lang="${l}" hreflang="${l}">${LANGUAGE_NAMES[l]}</a></li>`,
  ).join('');
  return `<nav aria-label="${escapeHtml(m.language)}"><ul class="langs">${links}</ul></nav>`;
}

export interface LoginPage {
  lang: Language;
  uid: string;
  username?: string;
  problem?: 'invalid' | { lockedMinutes: number };
}

export function loginPage({ lang, uid, username, problem }: LoginPage): string {
  const m = MESSAGES[lang];
  const base = `/oidc/interaction/${encodeURIComponent(uid)}`;
  const alert =
    problem === undefined
      ? ''
      : `<p class="problem" role="alert" id="login-problem">${escapeHtml(
          problem === 'invalid' ? m.invalid : m.locked(problem.lockedMinutes),
        )}</p>`;
  return layout(
    lang,
    m.title,
    `${languageSwitch(lang, (l) => `${base}?lang=${l}`)}
<h1>${escapeHtml(m.heading)}</h1>
${alert}
<form method="post" action="${base}/login" id="login-form" autocomplete="on">
<input type="hidden" name="lang" value="${lang}">
<label for="username">${escapeHtml(m.username)}</label>
<input id="username" name="username" autocomplete="username" required autofocus value="${escapeHtml(username ?? '')}">
<label for="password">${escapeHtml(m.password)}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit" id="sign-in-submit">${escapeHtml(m.submit)}</button>
</form>`,
  );
}

/** The provider's "sign out?" page; `form` is its own hidden form (id op.logoutForm, with the xsrf token). */
export function logoutPage(lang: Language, form: string): string {
  const m = MESSAGES[lang];
  return layout(
    lang,
    m.signOutTitle,
    `<h1>${escapeHtml(m.signOutQuestion)}</h1>
${form}
<button type="submit" form="op.logoutForm" value="yes" name="logout" id="sign-out-confirm" autofocus>${escapeHtml(m.signOutYes)}</button>
<button type="submit" form="op.logoutForm" class="secondary">${escapeHtml(m.signOutNo)}</button>`,
  );
}

export function signedOutPage(lang: Language): string {
  const m = MESSAGES[lang];
  return layout(lang, m.signOutTitle, `<h1>${escapeHtml(m.signedOut)}</h1>`);
}

/** Errors show the OAuth error code only (never echoing request values). */
export function errorPage(lang: Language, code: string): string {
  const m = MESSAGES[lang];
  return layout(
    lang,
    m.title,
    `<h1>${escapeHtml(m.error)}</h1><p class="problem"><code>${escapeHtml(code)}</code></p>`,
  );
}
