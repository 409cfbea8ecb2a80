import { statSync } from 'node:fs'
import path from 'node:path'

import type { UploadCollectionSlug, UploadConfig } from 'payload'

type UploadHandler = NonNullable<UploadConfig['handlers']>[number]

/** Whether `file` is a file; a name the file system cannot hold (ENAMETOOLONG) is none. */
const isFile = (file: string): boolean => {
  try {
    return statSync(file, { throwIfNoEntry: false })?.isFile() === true
  } catch {
    return false
  }
}

/**
 * `GET /api/<media>/file/<name>` of a file that is not on the disk is a 404 naming it (Payload
 * answers 500 "Something went wrong." and logs an error: anyone could fill the log). Only for
 * files on the local disk: with a storage adapter (`disableLocalStorage`, read when the request
 * comes, whatever order the plugins ran in) the adapter's own handler answers.
 */
export const answerMissingFile: UploadHandler = (req, { params }) => {
  const collection = req.payload.collections[params.collection as UploadCollectionSlug]?.config
  const upload = collection?.upload
  if (!upload || upload.disableLocalStorage) return undefined
  const directory = path.resolve(upload.staticDir || params.collection)
  const file = path.resolve(directory, params.filename)
  // Payload refuses names outside the directory itself (a 400); leave that answer to it.
  if (!file.startsWith(directory + path.sep)) return undefined
  // One stat of a local file: cheaper than a promise round trip, and the handler's type is sync-or-async.
  if (isFile(file)) return undefined
  return Response.json(
    { errors: [{ message: `No file named "${params.filename.slice(0, 100)}".` }] },
    { status: 404 },
  )
}
