/**
 * The documentation holds together: every relative link between README.md and docs/ points at a
 * file that exists, every `#anchor` at a heading of that page, and every package import the pages
 * show is an entry point the package exports.
 */
import fs from 'node:fs'
import path from 'node:path'

import { describe, expect, it } from 'vitest'

const root = path.resolve(import.meta.dirname, '..')
const pages = [
  'README.md',
  ...fs
    .readdirSync(path.join(root, 'docs'))
    .filter((file) => file.endsWith('.md'))
    .map((file) => `docs/${file}`),
]

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to dashes. */
const anchorOf = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[`*_]/g, '')
    .replace(/[^\p{L}\p{N} -]/gu, '')
    .replace(/ /g, '-')

/** The text outside fenced code blocks (a `#` there is a shell comment, not a heading). */
const prose = (text: string) => text.replace(/^```[\s\S]*?^```/gm, '')

const anchorsOf = (file: string) =>
  new Set(
    [...prose(fs.readFileSync(path.join(root, file), 'utf8')).matchAll(/^#{1,6} (.+)$/gm)].map(
      ([, heading]) => anchorOf(heading ?? ''),
    ),
  )

describe('documentation', () => {
  it('should keep the README short and point at docs/', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8')
    expect(readme.split('\n').length).toBeLessThanOrEqual(250)
    for (const page of pages.filter((page) => page !== 'README.md')) {
      expect(readme, `README links ${page}`).toContain(`(${page}`)
    }
  })

  it('should resolve every link and anchor between the pages', () => {
    const broken: string[] = []
    for (const page of pages) {
      const text = prose(fs.readFileSync(path.join(root, page), 'utf8'))
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (!target || /^[a-z]+:/.test(target)) continue
        const [file, anchor] = target.split('#') as [string, string | undefined]
        const resolved = file ? path.posix.join(path.posix.dirname(page), file) : page
        if (!fs.existsSync(path.join(root, resolved))) {
          broken.push(`${page}: ${target} (no such file)`)
        } else if (anchor && resolved.endsWith('.md') && !anchorsOf(resolved).has(anchor)) {
          broken.push(`${page}: ${target} (no such heading)`)
        }
      }
    }
    expect(broken).toEqual([])
  })

  it('should show only imports the package exports', () => {
    const exported = Object.keys(
      (
        JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
          exports: Record<string, unknown>
        }
      ).exports,
    )
    const unknown: string[] = []
    for (const page of pages) {
      const text = fs.readFileSync(path.join(root, page), 'utf8')
      for (const [, spec] of text.matchAll(/from '(payload-events-cms[^']*)'/g)) {
        const entry =
          spec === 'payload-events-cms' ? '.' : `./${spec?.split('/').slice(1).join('/')}`
        if (!exported.includes(entry)) unknown.push(`${page}: ${spec}`)
      }
    }
    expect(unknown).toEqual([])
  })
})
