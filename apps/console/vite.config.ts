// The console's build: one Vite app at `/`, Preact, assets hashed under /assets (cached for a year
// by the gateway), no inline scripts or styles so the gateway's CSP needs no 'unsafe-inline'.
// Extending (e.g. the field PWA): add plugins to `plugins` below; routes live in src/routes.tsx.
import preact from '@preact/preset-vite';
import { join } from 'node:path';
import { defineConfig, type PluginOption } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

export const CONSOLE_ROOT = __dirname;
export const CONSOLE_OUT_DIR = join(__dirname, '..', '..', 'dist', 'console');

const plugins: PluginOption[] = [
  preact({ prefreshEnabled: false, devToolsEnabled: false }),
  // The field app's service worker: precaches the shell and assets so /field opens offline; API,
  // sign-in and non-GET requests always go to the network (never replayed by the worker).
  VitePWA({
    strategies: 'generateSW',
    filename: 'sw.js',
    injectRegister: false,
    manifestFilename: 'manifest.webmanifest',
    manifest: {
      name: 'AidFlow 慰问',
      short_name: 'AidFlow',
      start_url: '/field',
      scope: '/',
      display: 'standalone',
      background_color: '#ffffff',
      theme_color: '#b71c1c',
      icons: [{ src: '/favicon.svg', sizes: 'any', type: 'image/svg+xml' }],
    },
    workbox: {
      // Fonts included: the Chinese and Tibetan faces must render offline too.
      globPatterns: ['**/*.{js,css,html,svg,woff2,webmanifest}'],
      maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
      navigateFallback: '/index.html',
      navigateFallbackDenylist: [/^\/api\//, /^\/auth\//, /^\/oidc\//, /^\/health/, /^\/callback/],
      importScripts: ['/field-sync-sw.js'],
      cleanupOutdatedCaches: true,
      clientsClaim: true,
      skipWaiting: true,
    },
  }),
];

export default defineConfig({
  root: CONSOLE_ROOT,
  base: '/',
  publicDir: join(CONSOLE_ROOT, 'public'),
  plugins,
  // The typed API client is a lib of the monorepo, imported as TypeScript source.
  resolve: {
    alias: {
      '@aidflow/api-client': join(__dirname, '..', '..', 'libs', 'api-client', 'src', 'index.ts'),
    },
  },
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
