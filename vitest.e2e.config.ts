import tsconfigPaths from 'vite-tsconfig-paths'
import { defineConfig } from 'vitest/config'

import { NODE_FLAGS } from './scripts/lib/nodeFlags'

/** `npm run test:e2e`: browser tests against the production build (run `npm run build` first). */
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    // Lexical's entry points can leave Node 20's loader unsettled: scripts/lib/nodeFlags.ts.
    execArgv: [...NODE_FLAGS],
    fileParallelism: false,
    hookTimeout: 240_000,
    include: ['tests/e2e/**/*.e2e.ts'],
    pool: 'forks',
    reporters: ['default'],
    testTimeout: 240_000,
  },
})
