import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { rootDir, tsxCli } from '../../scripts/lib/runtime'
import type { LoadResult, LoadSpec } from './load'
import { nodeArgs } from '../../scripts/lib/nodeFlags'

/** One autocannon run in its own process (bench/lib/load.ts), so several can run at once. */
export const runLoad = (spec: LoadSpec): Promise<LoadResult> =>
  new Promise((resolve, reject) => {
    const file = path.join(
      os.tmpdir(),
      `bench-load-${process.pid}-${Math.random().toString(36).slice(2)}.json`,
    )
    fs.writeFileSync(file, JSON.stringify(spec))
    const child = spawn(
      process.execPath,
      nodeArgs([tsxCli, path.join(rootDir, 'bench/lib/load.ts'), file]),
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let output = ''
    let errors = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()))
    child.once('exit', (code) => {
      fs.rmSync(file, { force: true })
      if (code !== 0) return reject(new Error(`load run failed: ${errors}`))
      try {
        resolve(JSON.parse(output) as LoadResult)
      } catch (error) {
        reject(error)
      }
    })
  })
