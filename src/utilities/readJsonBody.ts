import { addDataAndFileToRequest, type PayloadRequest } from 'payload'

import { PublicError } from './publicError'

/**
 * A custom endpoint's parsed body, whatever JSON it is (the caller checks its shape), or a 400
 * when it is not JSON at all. Parsed once: `req.data` holds it afterwards.
 */
export const readJson = async (req: PayloadRequest): Promise<unknown> => {
  await addDataAndFileToRequest(req).catch(() => {
    throw new PublicError('The request body is not valid JSON.', 400, { field: 'body' })
  })
  return req.data
}

/** A custom endpoint's JSON body as an object, or a 400 naming what is wrong with it. */
export const readJsonBody = async (req: PayloadRequest): Promise<Record<string, unknown>> => {
  const data = await readJson(req)
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    throw new PublicError('The request body must be a JSON object.', 400, { field: 'body' })
  }
  return data as Record<string, unknown>
}
