import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

// In development the API runs on its own port (pnpm dev starts both); the UI reaches it through
// these proxies, so the app always talks to its own origin, as it does when the server serves it.
const api = process.env.CHAMAN_API ?? 'http://127.0.0.1:4000';

export default defineConfig({
  plugins: [vue()],
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
  },
});
