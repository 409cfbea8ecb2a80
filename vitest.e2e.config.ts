import tsconfigPaths from 'vite-tsconfig-paths'
import { defineConfig } from 'vitest/config'

/** `npm run test:e2e`: browser tests against the production build (run `npm run build` first). */
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    fileParallelism: false,
    hookTimeout: 240_000,
    include: ['tests/e2e/**/*.e2e.ts'],
    pool: 'forks',
    reporters: ['default'],
    testTimeout: 240_000,
  },
})
