import { loginPage, logoutPage } from './pages';

describe('login page', () => {
  it.each([
    ['zh-CN', '登录 AidFlow'],
    ['bo', 'AidFlow ལ་ནང་འཛུལ།'],
    ['en', 'Sign in to AidFlow'],
  ] as const)('renders in %s with links to the other languages', (lang, heading) => {
    const html = loginPage({ lang, uid: 'abc' });
    expect(html).toContain(`<html lang="${lang}">`);
    expect(html).toContain(heading);
    expect(html.match(/href="\/oidc\/interaction\/abc\?lang=/g)).toHaveLength(2);
    expect(html).toContain('action="/oidc/interaction/abc/login"');
  });

  it('has no script, inline style or outside resource (strict CSP, no CDN)', () => {
    for (const html of [
      loginPage({ lang: 'en', uid: 'abc', problem: 'invalid' }),
      logoutPage(
        'bo',
        '<form id="op.logoutForm" method="post" action="/oidc/session/end/confirm"></form>',
      ),
    ]) {
      expect(html).not.toMatch(/<script|<style|\sstyle=|\son[a-z]+=|https?:\/\//i);
    }
  });

  it('escapes what the user typed', () => {
    const html = loginPage({
      lang: 'en',
      uid: 'abc',
      username: '"><img src=x>',
      problem: 'invalid',
    });
    expect(html).not.toContain('<img');
    expect(html).toContain('&#34;&#62;&#60;img src=x&#62;');
  });
});
