import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

// In development the API runs on its own port (pnpm dev starts both); the UI reaches it through
// these proxies, so the app always talks to its own origin, as it does when the server serves it.
const api = process.env.CHAMAN_API ?? 'http://127.0.0.1:4000';

export default defineConfig({
  plugins: [vue()],
  // The dev server pre-bundles what its first pages import as they are requested, rather than
  // crawling every page up front: the crawl reaches GraphiQL's `?worker` imports, which its
  // pre-bundler cannot load, and then serves nothing (the harness page of the e2e tests included).
  optimizeDeps: { entries: [] },
  server: {
    port: 5173,
    proxy: {
      '/graphql': api,
      '/healthz': api,
      '/REST': api,
      '/.well-known': api,
    },
  },
  build: {
    target: 'es2022',
    sourcemap: true,
    // The playground's editor is two libraries loaded only on that page: Monaco (2.8 MB, one
    // chunk) and GraphiQL (1 MB). Cutting them into smaller chunks broke their module start-up
    // order ("ve is not iterable" when the page opened: tried and reverted), so the limit is raised
    // to what they weigh; everything the other pages load stays far below 500 kB.
    chunkSizeWarningLimit: 3_000,
    rolldownOptions: {
      onLog(level, log, handler) {
        // GraphiQL's React libraries start modules with "use client" (React Server Components) or
        // "use no memo" (React's compiler): hints for tools that a browser bundle rightly drops.
        if (log.code === 'MODULE_LEVEL_DIRECTIVE' && /"use (client|no memo)"/.test(log.message) && log.message.includes('node_modules')) return;
        handler(level, log);
      },
    },
  },
});
