import { defineConfig } from 'vitest/config';
import { reporters } from '../../vitest.shared.js';

export default defineConfig({
  test: { reporters: reporters(), include: ['src/**/*.test.ts'], testTimeout: 60_000, benchmark: { include: ['src/**/*.bench.ts'] } },
});
