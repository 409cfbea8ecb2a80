import { type DocumentNode, parse } from 'graphql'
import type { SanitizedConfig } from 'payload'

import { graphQLCostProblem } from '../limits/graphQLCost'
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

/**
 * Payload routes of a feature the collection or global does not have: `…/versions` without
 * versions, `…/verify/<token>` without email verification. Payload's handlers would query a table
 * or column that does not exist (a 500).
 */
const checkRouteExists = (url: URL, config: SanitizedConfig): void => {
  const api = config.routes.api.replace(/\/$/, '')
  if (!url.pathname.startsWith(`${api}/`)) return
  const [first, second, third] = url.pathname.slice(api.length + 1).split('/')
  const isGlobal = first === 'globals'
  const feature = isGlobal ? third : second
  if (feature !== 'versions' && feature !== 'verify') return
  const slug = decodeURIComponent((isGlobal ? second : first) ?? '')
  if (isGlobal) {
    const global = config.globals.find((candidate) => candidate.slug === slug)
    if (global && feature === 'versions' && !global.versions) {
      throw new Refusal(`"${slug.slice(0, 60)}" keeps no versions.`, 404)
    }
    return
  }
  const collection = config.collections.find((candidate) => candidate.slug === slug)
  if (!collection) return
  if (feature === 'versions' && !collection.versions) {
    throw new Refusal(`"${slug.slice(0, 60)}" keeps no versions.`, 404)
  }
  if (feature === 'verify' && !collection.auth?.verify) {
    throw new Refusal(`"${slug.slice(0, 60)}" does not verify email addresses.`, 404)
  }
}

/** Whether the request carries credentials at all (a header or Payload's auth cookie). */
const hasCredentials = (request: Request, config: SanitizedConfig): boolean =>
  request.headers.has('authorization') ||
  (request.headers.get('cookie') ?? '').includes(`${config.cookiePrefix}-token=`)

/** Reads at most `limit` bytes of the body; a longer one is refused without reading the rest. */
const readBody = async (request: Request, limit: number, anonymous: boolean): Promise<string> => {
  const declared = Number(request.headers.get('content-length') ?? '0')
  const tooLarge = () =>
    new Refusal(
      `The request body is larger than the ${limit}-byte limit${anonymous ? ' for anonymous requests' : ''}.`,
      413,
      { limit },
    )
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

type CheckedBody = { parsed: Record<string, unknown> | undefined; request: Request }

/** A JSON body within the size and depth limits that is an object, handed on as a new Request. */
const checkJsonBody = async (
  request: Request,
  limits: RequestLimits,
  anonymous: boolean,
): Promise<CheckedBody> => {
  const limit = anonymous ? limits.anonymousBodyBytes : limits.bodyBytes
  const text = await readBody(request, limit, anonymous)
  let parsed: unknown
  if (text.trim() !== '') {
    if (jsonTextTooDeep(text, limits.jsonDepth)) {
      throw new Refusal(`The request body is nested deeper than ${limits.jsonDepth} levels.`, 400)
    }
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
  return {
    parsed: parsed as Record<string, unknown> | undefined,
    request: new Request(request.url, { body: text, headers, method: request.method }),
  }
}

/**
 * A GraphQL document within the token and cost limits. Returns whether it only reads (then the
 * read time budget applies). A syntax error is left to Payload's handler to report.
 */
const checkGraphQL = (
  body: Record<string, unknown> | undefined,
  limits: RequestLimits,
): boolean => {
  const query = body?.query
  if (typeof query !== 'string') return false
  let document: DocumentNode
  try {
    document = parse(query, { maxTokens: limits.graphQL.tokens })
  } catch (error) {
    if (/more th[ae]n \d+ tokens/.test((error as Error).message)) {
      throw new Refusal(
        `The query is longer than ${limits.graphQL.tokens} tokens (limits.graphQL.tokens).`,
        400,
      )
    }
    return false
  }
  const problem = graphQLCostProblem(document, limits.graphQL)
  if (problem) throw new Refusal(problem, 400)
  return document.definitions.every(
    (definition) => definition.kind !== 'OperationDefinition' || definition.operation === 'query',
  )
}

/** Runs `work`, or answers 503 once `budget` milliseconds have passed. */
const withinBudget = async (work: Promise<Response>, budget: number): Promise<Response> => {
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
    return await Promise.race([work, late])
  } finally {
    clearTimeout(timer)
  }
}

const WITH_BODY = new Set(['PATCH', 'POST', 'PUT'])

/**
 * Wraps a Payload route handler with the limits no Payload hook can apply because they act
 * before Payload reads the request: URL length, the query string, the JSON body's size (smaller
 * without credentials), depth and shape, versions routes of things without versions, GraphQL
 * tokens and cost (`graphQL: true`), and a time budget for reads (GET, GraphQL queries). The rest
 * of the limits are hooks (hooks/guardInput.ts) and a GraphQL validation rule, which also hold
 * without this wrapper.
 */
export const guardRequest = <Args extends unknown[]>(
  configInput: ConfigInput,
  handler: Handler<Args>,
  { graphQL = false }: { graphQL?: boolean } = {},
): Handler<Args> => {
  let config: SanitizedConfig | undefined
  return async (request, ...args) => {
    config ??= await configInput
    const { limits } = settingsOf({ config })
    try {
      if (request.url.length > limits.urlBytes) {
        throw new Refusal(`The URL is longer than ${limits.urlBytes} bytes.`, 414)
      }
      const url = new URL(request.url)
      checkQuery(url, limits)
      if (!graphQL) checkRouteExists(url, config)
      const contentType = request.headers.get('content-type')?.split(';')[0]?.trim()
      const { parsed, request: checked } =
        WITH_BODY.has(request.method) && contentType === 'application/json'
          ? await checkJsonBody(request, limits, !hasCredentials(request, config))
          : { parsed: undefined, request }
      const reads = graphQL ? checkGraphQL(parsed, limits) : request.method === 'GET'
      const work = handler(checked, ...args)
      const response = reads ? await withinBudget(work, limits.readTimeMs) : await work
      // Payload answers a route it does not have with 501 Not Implemented: to a client it is a 404.
      return response.status === 501
        ? new Response(response.body, { headers: response.headers, status: 404 })
        : response
    } catch (error) {
      if (error instanceof Refusal) return refuse(error)
      throw error
    }
  }
}
