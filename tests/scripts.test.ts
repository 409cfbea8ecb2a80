/**
 * Every npm script answers `--help` with its usage (and refuses an option it does not take before
 * starting anything), and a script that reads the app's data says plainly that there is none yet,
 * stopping whatever it started.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { describe, expect, it } from 'vitest'

import packageJson from '../package.json' with { type: 'json' }
import { NODE_FLAGS, nodeArgs, tsxCli } from '../scripts/lib/nodeFlags'

const rootDir = path.resolve(import.meta.dirname, '..')

const tsx = `tsx ${NODE_FLAGS.join(' ')} `

/** Scripts of ours (tsx entry points); the rest are tools with their own --help. */
const ourScripts = Object.entries(packageJson.scripts)
  .filter(
    ([, command]) =>
      command.startsWith(tsx) &&
      /^(scripts|bench|tests)\/[\w/-]+\.ts$/.test(command.slice(tsx.length)),
  )
  .map(([name]) => name)

const run = (script: string, args: string[], env: Record<string, string> = {}) =>
  new Promise<{ code: number; output: string }>((resolve) => {
    const child = spawn('npm', ['run', '--silent', script, '--', ...args], {
      cwd: rootDir,
      env: { ...process.env, ...env, DATABASE_URL: '', NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.once('exit', (code) => resolve({ code: code ?? 1, output }))
  })

/** Runs `work` over `items`, `limit` at a time. */
const inBatches = async <T, R>(items: T[], limit: number, work: (item: T) => Promise<R>) => {
  const results: R[] = []
  for (let start = 0; start < items.length; start += limit) {
    results.push(...(await Promise.all(items.slice(start, start + limit).map(work))))
  }
  return results
}

describe('npm scripts', () => {
  it('should have found the scripts to check', () => {
    expect(ourScripts).toEqual(
      expect.arrayContaining(['dev', 'start', 'audit:verify', 'backup', 'restore', 'bench']),
    )
  })

  it('should run every tsx script with the Node flags that keep its imports from hanging', () => {
    expect(
      Object.entries(packageJson.scripts).filter(
        ([, command]) => command.startsWith('tsx ') && !command.startsWith(tsx),
      ),
    ).toEqual([])
  })

  it("should load Payload's rich text editor every time in a script's child with those flags", async () => {
    // Without them about one import in three exits 13 here (scripts/lib/nodeFlags.ts).
    const codes = await inBatches(
      Array.from({ length: 12 }, (_, i) => i),
      4,
      () =>
        new Promise<null | number>((resolve) => {
          spawn(
            process.execPath,
            nodeArgs([tsxCli, path.join(rootDir, 'tests/helpers/importEditor.ts')]),
            { cwd: rootDir, env: { ...process.env, NODE_OPTIONS: '' }, stdio: 'ignore' },
          ).once('exit', resolve)
        }),
    )
    expect(codes).toEqual(Array(12).fill(0))
  })

  it('should answer --help with a usage and exit 0, for every script', async () => {
    const answers = await inBatches(ourScripts, 4, async (script) => ({
      script,
      ...(await run(script, ['--help'])),
    }))

    expect(
      answers.filter(({ code, output }) => code !== 0 || !/^Usage: npm/m.test(output)),
    ).toEqual([])
  })

  it('should refuse an option a script does not take with its usage and exit 2', async () => {
    const answers = await inBatches(['restore', 'audit:verify', 'seed', 'bench'], 4, (script) =>
      run(script, ['--no-such-option']),
    )

    expect(answers.map(({ code }) => code)).toEqual([2, 2, 2, 2])
    expect(
      answers.every(({ output }) => /Unknown option '--no-such-option'[\s\S]*Usage:/.test(output)),
    ).toBe(true)
  })

  it.each(['audit:verify', 'backup'])(
    'should say that there is no database yet on a fresh checkout (%s), creating and leaving nothing',
    async (script) => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'events-cms-fresh-'))
      fs.rmdirSync(dataDir)

      const { code, output } = await run(script, [], { EVENTS_CMS_DATA_DIR: dataDir })

      expect(code).toBe(1)
      expect(output).toMatch(/no database yet: run `npm run dev` or `npm run seed` first/)
      expect(output).not.toMatch(/\n\s+at /)
      expect(fs.existsSync(path.join(dataDir, 'pg'))).toBe(false)
    },
  )
})
