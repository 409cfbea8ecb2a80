/**
 * What every browser suite starts: its own throwaway PostgreSQL, the production build on a port
 * of its own (`npm run build` first), and Debian's Chromium through playwright-core.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { type Browser, chromium } from 'playwright-core'

import { type RunningPostgres, startEmbeddedPostgres } from '../../scripts/lib/embeddedPostgres'
import { nodeArgs, tsxCli } from '../../scripts/lib/nodeFlags'

export const rootDir = path.resolve(import.meta.dirname, '..', '..')
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

const waitForServer = async (server: ChildProcess, url: string, timeoutMs = 120_000) => {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited with code ${server.exitCode}`)
    const ok = await fetch(url)
      .then((response) => response.status < 500)
      .catch(() => false)
    if (ok) return
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`)
}

export type E2eApp = {
  baseUrl: string
  browser: Browser
  database: RunningPostgres
  stop: () => Promise<void>
}

export const startE2eApp = async ({
  env = {},
  name,
  port,
}: {
  env?: Record<string, string>
  name: string
  port: number
}): Promise<E2eApp> => {
  if (!fs.existsSync(path.join(rootDir, '.next', 'BUILD_ID'))) {
    throw new Error('No production build: run `npm run build` before `npm run test:e2e`.')
  }
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(
      `No Chromium at ${chromiumPath}: apt-get install -y chromium (or set CHROMIUM_PATH).`,
    )
  }
  const baseUrl = `http://127.0.0.1:${port}`
  const database = await startEmbeddedPostgres({
    database: `events_cms_e2e_${name}`,
    dataDir: path.join(os.tmpdir(), `events-cms-e2e-${name}-${process.pid}`),
    persistent: false,
    port: 0,
  })
  const server = spawn(process.execPath, nodeArgs([tsxCli, 'scripts/start.ts']), {
    cwd: rootDir,
    detached: true,
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      NODE_ENV: 'production',
      PAYLOAD_SECRET: 'e2e-secret-not-for-production',
      PORT: String(port),
      SITE_URL: baseUrl,
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  await waitForServer(server, `${baseUrl}/api/pages`)
  const browser = await chromium.launch({
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    executablePath: chromiumPath,
  })
  return {
    baseUrl,
    browser,
    database,
    stop: async () => {
      await browser.close().catch(() => undefined)
      if (server.pid && server.exitCode === null) {
        const exited = new Promise((resolve) => server.once('exit', resolve))
        process.kill(-server.pid, 'SIGTERM')
        await exited
      }
      await database.stop()
    },
  }
}
