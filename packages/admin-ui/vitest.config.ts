import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';
import { reporters } from '../../vitest.shared.js';

export default defineConfig({
  plugins: [vue()],
  test: { reporters: reporters(), include: ['src/**/*.test.ts'] },
});
