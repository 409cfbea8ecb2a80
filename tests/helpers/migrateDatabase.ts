import { spawnSync } from 'node:child_process'
import path from 'node:path'

const rootDir = path.resolve(import.meta.dirname, '..', '..')

/** The migration child must not inherit vitest's own variables and loaders. */
const cleanEnv = (): NodeJS.ProcessEnv => ({
  NODE_ENV: 'test',
  ...Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !key.startsWith('VITEST') && key !== 'NODE_OPTIONS',
    ),
  ),
})

/**
 * Migrates a database with scripts/migrate.ts in a child process: the same path as
 * `npm run dev`/`npm start`, and it keeps Payload out of vitest's main process.
 */
export const migrateDatabase = (databaseUrl: string): void => {
  const result = spawnSync(
    process.execPath,
    [path.join(rootDir, 'node_modules/tsx/dist/cli.mjs'), path.join(rootDir, 'scripts/migrate.ts')],
    {
      cwd: rootDir,
      encoding: 'utf8',
      env: {
        ...cleanEnv(),
        DATABASE_URL: databaseUrl,
        PAYLOAD_CONFIG_PATH: path.join(rootDir, 'payload.config.ts'),
      },
      timeout: 120_000,
    },
  )
  if (result.status !== 0) {
    throw new Error(
      `payload migrate failed (${result.error?.message ?? `exit ${result.status}`}):\n${result.stdout}\n${result.stderr}`,
    )
  }
}
