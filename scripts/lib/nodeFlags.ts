import path from 'node:path'

/**
 * Node flags for every process of ours that loads the Payload config (package.json scripts, the
 * children scripts spawn, vitest's workers). Lexical's `node` entry points choose their build
 * with a top-level `await import()`, and Node 20's loader sometimes never settles a graph of
 * several such modules: the process exits with code 13 and no output (measured here: 1 run in 3
 * that imports @payloadcms/richtext-lexical). The `production` condition resolves lexical (and
 * dompurify, the only other package here that has it) straight to their built files, the same
 * ones NODE_ENV=production picks. tests/scripts.test.ts checks that every script passes them.
 */
export const NODE_FLAGS = ['--conditions=production'] as const

/** tsx's command line, run with `node` to start a TypeScript script in a child process. */
export const tsxCli = path.resolve(import.meta.dirname, '..', '..', 'node_modules/tsx/dist/cli.mjs')

/**
 * `node`'s arguments for `args` with the flags: tsx runs the script in a child of its own and
 * passes on only the flags given after its CLI, not those given to node before it.
 */
export const nodeArgs = (args: readonly string[]): string[] =>
  args[0] === tsxCli ? [tsxCli, ...NODE_FLAGS, ...args.slice(1)] : [...NODE_FLAGS, ...args]
