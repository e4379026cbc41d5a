// The console's build: one Vite app at `/`, Preact, assets hashed under /assets (cached for a year
// by the gateway), no inline scripts or styles so the gateway's CSP needs no 'unsafe-inline'.
// Extending (e.g. the field PWA): add plugins to `plugins` below; routes live in src/routes.tsx.
import preact from '@preact/preset-vite';
import { join } from 'node:path';
import { defineConfig, type PluginOption } from 'vite';

export const CONSOLE_ROOT = __dirname;
export const CONSOLE_OUT_DIR = join(__dirname, '..', '..', 'dist', 'console');

const plugins: PluginOption[] = [preact({ prefreshEnabled: false, devToolsEnabled: false })];

export default defineConfig({
  root: CONSOLE_ROOT,
  base: '/',
  publicDir: join(CONSOLE_ROOT, 'public'),
  plugins,
  logLevel: 'warn',
  build: {
    outDir: CONSOLE_OUT_DIR,
    emptyOutDir: true,
    target: 'es2022',
    // Inlined assets would be data: URLs; keep every font a file the gateway serves itself.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1200,
    reportCompressedSize: false,
  },
  server: {
    // `vite dev` against a running `npm start`: the API, sign-in and stream on the gateway.
    proxy: {
      '/api': 'http://localhost:3000',
      '/auth': 'http://localhost:3000',
      '/oidc': 'http://localhost:3000',
      '/health': 'http://localhost:3000',
    },
  },
});
