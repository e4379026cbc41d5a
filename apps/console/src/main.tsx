// The console's entry: fonts (served by the console itself, never a CDN; one CJK weight, since its
// ~100 unicode-range faces per weight weigh on the first paint), styles, languages, the
// session kept by this tab, then the shell.
import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-serif-tibetan/400.css';
import '@fontsource/noto-serif-tibetan/700.css';
import './styles/app.css';
import { render } from 'preact';
import { restoreSession } from './auth/session';
import { initI18n } from './i18n/i18n';
import { FieldApp } from './field/FieldApp';
import { inFieldApp } from './field/frame';
import { installFieldSignOutGuard } from './field/sign-out-guard';
import { App } from './shell/Shell';

restoreSession();
installFieldSignOutGuard();
void initI18n().then(() => {
  const root = document.getElementById('root');
  // The field app works signed out (offline for days, the sign-in expires): it has its own frame.
  if (root) render(inFieldApp(location.pathname) ? <FieldApp /> : <App />, root);
});
