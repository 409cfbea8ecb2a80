import tsconfigPaths from 'vite-tsconfig-paths'
import { defineConfig } from 'vitest/config'

import { NODE_FLAGS } from './scripts/lib/nodeFlags'

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    // Lexical's entry points can leave Node 20's loader unsettled: scripts/lib/nodeFlags.ts.
    execArgv: [...NODE_FLAGS],
    env: {
      NODE_ENV: 'test',
      PAYLOAD_SECRET: 'test-secret-not-for-production',
    },
    fileParallelism: true,
    globalSetup: ['./tests/helpers/globalSetup.ts'],
    hookTimeout: 120_000,
    include: ['tests/**/*.test.ts'],
    maxWorkers: 2,
    pool: 'forks',
    reporters: ['default'],
    setupFiles: ['./tests/helpers/registerTsx.ts'],
    testTimeout: 120_000,
  },
})
