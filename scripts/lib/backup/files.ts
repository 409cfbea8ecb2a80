/**
 * Copying trees into a backup and proving later that nothing in it changed: every file's size and
 * SHA-256 go into the manifest, and a restore checks them all before it uses the backup.
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

export type FileEntry = { bytes: number; path: string; sha256: string }

const sha256Of = (file: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const hash = createHash('sha256')
    fs.createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')))
  })

/**
 * Copies `from` into `to` recursively, leaving out what `skip` names (a path relative to `from`),
 * and files that vanish while we copy (a live data directory drops temporary files all the time).
 */
export const copyTree = (from: string, to: string, skip: (relative: string) => boolean): void => {
  const walk = (relative: string) => {
    fs.mkdirSync(path.join(to, relative), { recursive: true, mode: 0o700 })
    let entries: fs.Dirent[]
    try {
      entries = fs.readdirSync(path.join(from, relative), { withFileTypes: true })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
      throw error
    }
    for (const entry of entries) {
      const child = path.join(relative, entry.name)
      if (skip(child)) continue
      if (entry.isDirectory()) walk(child)
      else if (entry.isFile()) {
        try {
          fs.copyFileSync(path.join(from, child), path.join(to, child))
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
        }
      }
    }
  }
  walk('')
}

/** Every file under `dir` with its size and checksum, paths relative to `dir`, sorted. */
export const listFiles = async (dir: string): Promise<FileEntry[]> => {
  const files: string[] = []
  const walk = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const child = path.join(relative, entry.name)
      if (entry.isDirectory()) walk(child)
      else if (entry.isFile()) files.push(child)
    }
  }
  walk('')
  files.sort()
  const entries: FileEntry[] = []
  for (const file of files) {
    const full = path.join(dir, file)
    entries.push({ bytes: fs.statSync(full).size, path: file, sha256: await sha256Of(full) })
  }
  return entries
}

/** The files whose content or size no longer match the manifest (missing ones included). */
export const damagedFiles = async (dir: string, files: FileEntry[]): Promise<string[]> => {
  const damaged: string[] = []
  for (const file of files) {
    const full = path.join(dir, file.path)
    const intact =
      fs.existsSync(full) &&
      fs.statSync(full).size === file.bytes &&
      (await sha256Of(full)) === file.sha256
    if (!intact) damaged.push(file.path)
  }
  return damaged
}

/** Makes `dir` and everything in it belong to `user` (PostgreSQL refuses a data dir it does not own). */
export const chownTree = (dir: string, user: { gid: number; uid: number } | undefined): void => {
  if (!user) return
  const walk = (target: string) => {
    fs.chownSync(target, user.uid, user.gid)
    if (!fs.statSync(target).isDirectory()) return
    for (const entry of fs.readdirSync(target)) walk(path.join(target, entry))
  }
  walk(dir)
  fs.chmodSync(dir, 0o700)
}
