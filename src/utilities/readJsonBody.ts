import { addDataAndFileToRequest, type PayloadRequest } from 'payload'

import { PublicError } from './publicError'

/** A custom endpoint's JSON body as an object, or a 400 naming what is wrong with it. */
export const readJsonBody = async (req: PayloadRequest): Promise<Record<string, unknown>> => {
  await addDataAndFileToRequest(req).catch(() => {
    throw new PublicError('The request body is not valid JSON.', 400, { field: 'body' })
  })
  const data: unknown = req.data
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    throw new PublicError('The request body must be a JSON object.', 400, { field: 'body' })
  }
  return data as Record<string, unknown>
}
