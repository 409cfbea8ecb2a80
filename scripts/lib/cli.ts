import { parseArgs } from 'node:util'

type OptionSpec = { default?: boolean | string; short?: string; type: 'boolean' | 'string' }
type Values<T extends Record<string, OptionSpec>> = {
  [K in keyof T]?: T[K]['type'] extends 'boolean' ? boolean : string
}

/**
 * A script's command line: `--help` (or `-h`) prints `usage` and exits 0; an option the script
 * does not take, or a stray argument, prints what was wrong and the usage and exits 2, before
 * anything was started.
 */
export const commandLine = <T extends Record<string, OptionSpec> = Record<never, OptionSpec>>(
  usage: string,
  options?: T,
): Values<T> => {
  try {
    const { values } = parseArgs({
      allowPositionals: false,
      options: { ...options, help: { short: 'h', type: 'boolean' } },
      strict: true,
    })
    if (values.help) {
      console.log(usage.trim())
      process.exit(0)
    }
    return values as Values<T>
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage.trim()}`)
    process.exit(2)
  }
}

/** Says plainly what is wrong (no stack trace) and exits 1; callers stop what they started first. */
export const exitWith = (script: string, message: string): never => {
  console.error(`${script}: ${message}`)
  process.exit(1)
}
