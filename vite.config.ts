// Vite builds the console SPA (src/console, entry index.html) into dist/.
// Unit tests have their own config (vitest.config.ts) so they run without the router
// plugin and never see the Playwright specs in e2e/.
import { tanstackRouter } from '@tanstack/router-plugin/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { securityHeaders } from './scripts/security-headers.js';

export default defineConfig({
  plugins: [
    // Must come before react(): it generates src/console/routeTree.gen.ts (committed, so
    // `tsc --noEmit` works on a clean clone) and splits route components into chunks.
    tanstackRouter({
      target: 'react',
      autoCodeSplitting: true,
      routesDirectory: './src/console/routes',
      generatedRouteTree: './src/console/routeTree.gen.ts',
      addExtensions: true,
      quoteStyle: 'single',
      semicolons: true,
    }),
    react(),
  ],
  // The HMR client injects inline scripts, so the dev server sends everything but the CSP;
  // `vite preview`, `npm start` and e2e send the full policy.
  server: { host: '127.0.0.1', port: 5173, headers: securityHeaders({ csp: false }) },
  preview: { host: '127.0.0.1', port: 4173, headers: securityHeaders() },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Keep every asset a same-origin file: no data: URLs to widen the CSP for.
    assetsInlineLimit: 0,
    rolldownOptions: {
      // Rolldown warns [PLUGIN_TIMINGS] whenever plugins take a large share of the build
      // time — on a busy machine, nearly every build (the router and React plugins): advice
      // for plugin authors, not a fault of this build, and it must not alarm `npm start`.
      checks: { bundlerTimings: false },
    },
  },
});
