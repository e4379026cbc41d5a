// The provider's pages in the console's three languages (zh-CN first: the default).
export const LANGUAGES = ['zh-CN', 'bo', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const LANGUAGE_NAMES: Record<Language, string> = {
  'zh-CN': '中文',
  bo: 'བོད་ཡིག',
  en: 'English',
};

export interface Messages {
  title: string;
  heading: string;
  username: string;
  password: string;
  submit: string;
  invalid: string;
  locked: (minutes: number) => string;
  language: string;
  signOutTitle: string;
  signOutQuestion: string;
  signOutYes: string;
  signOutNo: string;
  signedOut: string;
  error: string;
}

export const MESSAGES: Record<Language, Messages> = {
  'zh-CN': {
    title: 'AidFlow 登录',
    heading: '登录 AidFlow',
    username: '用户名',
    password: '密码',
    submit: '登录',
    invalid: '用户名或密码不正确。',
    locked: (m) => `失败次数过多，请 ${m} 分钟后再试。`,
    language: '语言',
    signOutTitle: '退出登录',
    signOutQuestion: '要退出 AidFlow 吗？',
    signOutYes: '退出登录',
    signOutNo: '保持登录',
    signedOut: '您已退出登录。',
    error: '登录出错，请从控制台重新开始。',
  },
  bo: {
    title: 'AidFlow ནང་འཛུལ།',
    heading: 'AidFlow ལ་ནང་འཛུལ།',
    username: 'སྤྱོད་མཁན་གྱི་མིང་།',
    password: 'གསང་ཚིག',
    submit: 'ནང་འཛུལ།',
    invalid: 'སྤྱོད་མཁན་གྱི་མིང་ངམ་གསང་ཚིག་ནོར་འདུག',
    locked: (m) => `ནོར་འཁྲུལ་མང་དྲགས་པས། སྐར་མ་ ${m} རྗེས་སུ་ཡང་བསྐྱར་ཚོད་ལྟ་གྱིས།`,
    language: 'སྐད་ཡིག',
    signOutTitle: 'ཕྱིར་འཐོན།',
    signOutQuestion: 'AidFlow ནས་ཕྱིར་འཐོན་བྱེད་དམ།',
    signOutYes: 'ཕྱིར་འཐོན།',
    signOutNo: 'ནང་འཛུལ་བྱས་ནས་སྡོད།',
    signedOut: 'ཁྱེད་ཕྱིར་འཐོན་ཟིན།',
    error: 'ནང་འཛུལ་ལ་ནོར་འཁྲུལ་བྱུང་། ཚོད་འཛིན་ངོས་ནས་ཡང་བསྐྱར་འགོ་འཛུགས།',
  },
  en: {
    title: 'AidFlow sign-in',
    heading: 'Sign in to AidFlow',
    username: 'Username',
    password: 'Password',
    submit: 'Sign in',
    invalid: 'The username or password is not right.',
    locked: (m) => `Too many failed attempts: try again in ${m} minutes.`,
    language: 'Language',
    signOutTitle: 'Sign out',
    signOutQuestion: 'Sign out of AidFlow?',
    signOutYes: 'Sign out',
    signOutNo: 'Stay signed in',
    signedOut: 'You are signed out.',
    error: 'Sign-in went wrong: start again from the console.',
  },
};

function isLanguage(value: string): value is Language {
  return (LANGUAGES as readonly string[]).includes(value);
}

function match(tag: string): Language | undefined {
  const lower = tag.trim().toLowerCase();
  if (lower === '') return undefined;
  if (lower.startsWith('zh')) return 'zh-CN';
  if (lower.startsWith('bo')) return 'bo';
  if (lower.startsWith('en')) return 'en';
  return undefined;
}

/** `?lang=` (the switch) first, then the client's ui_locales, then Accept-Language, else zh-CN. */
export function pickLanguage(
  chosen: string | undefined,
  uiLocales: string | undefined,
  acceptLanguage: string | undefined,
): Language {
  if (chosen && isLanguage(chosen)) return chosen;
  for (const tag of (uiLocales ?? '').split(' ')) {
    const found = match(tag);
    if (found) return found;
  }
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
      return { tag, q: q === undefined ? 1 : Number(q), index };
    })
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag, q } of ranked) {
    const found = q > 0 ? match(tag) : undefined;
    if (found) return found;
  }
  return 'zh-CN';
}
