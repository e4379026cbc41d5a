import { pickLanguage } from './messages';

describe('pickLanguage', () => {
  it.each([
    [undefined, undefined, undefined, 'zh-CN'],
    [undefined, undefined, 'en-GB,en;q=0.9', 'en'],
    [undefined, undefined, 'fr;q=1, bo;q=0.8, en;q=0.5', 'bo'],
    [undefined, undefined, 'en;q=0, zh-TW', 'zh-CN'],
    [undefined, 'bo zh-CN', 'en', 'bo'],
    ['en', 'bo', 'zh', 'en'],
    ['xx', undefined, 'en', 'en'],
  ] as const)('lang=%s ui_locales=%s Accept-Language=%s → %s', (chosen, ui, accept, expected) => {
    expect(pickLanguage(chosen, ui, accept)).toBe(expected);
  });
});
