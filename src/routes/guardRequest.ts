import type { SanitizedConfig } from 'payload'

import { jsonTextTooDeep } from '../limits/jsonTextDepth'
import type { RequestLimits } from '../limits/limits'
import { settingsOf } from '../settings'
import { unstorableText } from '../utilities/storableText'

type Handler<Args extends unknown[]> = (request: Request, ...args: Args) => Promise<Response>
type ConfigInput = Promise<SanitizedConfig> | SanitizedConfig

class Refusal extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly data?: Record<string, unknown>,
  ) {
    super(message)
  }
}

const refuse = ({ data, message, status }: Refusal): Response =>
  Response.json(
    { errors: [{ ...(data ? { data } : {}), message }] },
    { headers: status === 503 ? { 'Retry-After': '5' } : undefined, status },
  )

/** The query string: no NUL or lone surrogate, no oversized value, `where` an object. */
const checkQuery = (url: URL, limits: RequestLimits): void => {
  for (const [key, value] of url.searchParams) {
    if (unstorableText(key) || unstorableText(value)) {
      throw new Refusal(`Query parameter "${key.slice(0, 60)}" contains a NUL byte.`, 400, {
        field: key.slice(0, 60),
      })
    }
    if (value.length > limits.stringLength) {
      throw new Refusal(`Query parameter "${key.slice(0, 60)}" is too long.`, 414)
    }
  }
  const where = url.searchParams.get('where')
  if (where !== null && where !== '') {
    let parsed: unknown
    try {
      parsed = JSON.parse(where)
    } catch {
      parsed = undefined
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new Refusal(
        'where must be a JSON object or bracketed, e.g. where[title][equals]=Jazz.',
        400,
        { field: 'where' },
      )
    }
  }
}

/** Reads at most `limit` bytes of the body; a longer one is refused without reading the rest. */
const readBody = async (request: Request, limit: number): Promise<string> => {
  const declared = Number(request.headers.get('content-length') ?? '0')
  const tooLarge = () =>
    new Refusal(`The request body is larger than the ${limit}-byte limit.`, 413, { limit })
  if (declared > limit) throw tooLarge()
  if (!request.body) return ''
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      await reader.cancel()
      throw tooLarge()
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** A JSON body within the size and depth limits that is an object, handed on as a new Request. */
const checkJsonBody = async (request: Request, limits: RequestLimits): Promise<Request> => {
  const text = await readBody(request, limits.bodyBytes)
  if (text.trim() !== '') {
    if (jsonTextTooDeep(text, limits.jsonDepth)) {
      throw new Refusal(`The request body is nested deeper than ${limits.jsonDepth} levels.`, 400)
    }
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch (error) {
      throw new Refusal(`The request body is not valid JSON: ${(error as Error).message}`, 400)
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new Refusal('The request body must be a JSON object.', 400)
    }
  }
  const headers = new Headers(request.headers)
  headers.delete('content-length')
  return new Request(request.url, { body: text, headers, method: request.method })
}

const WITH_BODY = new Set(['PATCH', 'POST', 'PUT'])

/**
 * Wraps a Payload route handler with the limits no Payload hook can apply because they act
 * before Payload reads the request: URL length, the query string, the JSON body's size, depth
 * and shape, and a time budget for reads (GET). The rest of the limits are hooks
 * (hooks/guardInput.ts) and a GraphQL validation rule, which also hold without this wrapper.
 */
export const guardRequest = <Args extends unknown[]>(
  config: ConfigInput,
  handler: Handler<Args>,
): Handler<Args> => {
  let limits: RequestLimits | undefined
  return async (request, ...args) => {
    limits ??= settingsOf({ config: await config }).limits
    try {
      if (request.url.length > limits.urlBytes) {
        throw new Refusal(`The URL is longer than ${limits.urlBytes} bytes.`, 414)
      }
      checkQuery(new URL(request.url), limits)
      const contentType = request.headers.get('content-type')?.split(';')[0]?.trim()
      const checked =
        WITH_BODY.has(request.method) && contentType === 'application/json'
          ? await checkJsonBody(request, limits)
          : request
      if (request.method !== 'GET') return await handler(checked, ...args)
      const budget = limits.readTimeMs
      let timer: NodeJS.Timeout | undefined
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new Refusal(
                `The request took longer than ${budget / 1000} s; ask for less (a smaller limit or depth) or try again.`,
                503,
              ),
            ),
          budget,
        )
      })
      try {
        return await Promise.race([handler(checked, ...args), late])
      } finally {
        clearTimeout(timer)
      }
    } catch (error) {
      if (error instanceof Refusal) return refuse(error)
      throw error
    }
  }
}
