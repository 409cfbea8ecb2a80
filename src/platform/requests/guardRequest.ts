import { type DocumentNode, parse } from 'graphql'
import type { SanitizedConfig } from 'payload'

import { databaseFault } from '../database/databaseFaults'
import { readingFromPrimary } from '../../utilities/primaryReads'
import { graphQLCostProblem } from '../limits/graphQLCost'
import { jsonTextTooDeep } from '../../utilities/jsonTextDepth'
import type { RequestLimits } from '../../utilities/requestLimits'
import { checkedBodyText, rememberCheckedBody } from '../../utilities/checkedBodies'
import { platformSettingsOf } from '../../utilities/platformSettings'
import { unstorableText } from '../../utilities/storableText'
import { withHttpCaching } from './httpCache'
import { hasCredentials } from '../../utilities/credentials'
import { type LaneSize, laneFor } from '../../utilities/lanes'
import { withRequestFaults } from './requestFaults'

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
    {
      headers: status === 503 ? { 'Retry-After': String(data?.retryAfter ?? 5) } : undefined,
      status,
    },
  )

/** The same response with another status and extra headers (a Response's own are immutable). */
const answerWith = (response: Response, status: number, headers: Record<string, string> = {}) => {
  const merged = new Headers(response.headers)
  for (const [name, value] of Object.entries(headers)) merged.set(name, value)
  return new Response(response.body, { headers: merged, status })
}

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

/** The health check must answer whatever the load: it never waits in the read lane. */
const isHealthCheck = (url: URL, config: SanitizedConfig): boolean =>
  url.pathname === `${config.routes.api.replace(/\/$/, '')}/health`

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
  const checked = new Request(request.url, { body: text, headers, method: request.method })
  rememberCheckedBody(checked, text)
  return { parsed: parsed as Record<string, unknown> | undefined, request: checked }
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

/** Runs `work` in a bounded lane (src/utilities/lanes.ts); a full lane is a 503. */
const inLane = async (
  lane: { name: string; size: LaneSize; waitMs?: number },
  busy: string,
  work: () => Promise<Response>,
): Promise<Response> => {
  const release = await laneFor(lane.name, lane.size).enter(lane.waitMs)
  if (!release) throw new Refusal(busy, 503, { retryAfter: 2 })
  try {
    return await work()
  } finally {
    release()
  }
}

const READS_BUSY =
  'The server is busy with public reads; try again in a moment (signed-in requests are not affected).'
const PASSWORDS_BUSY = 'Too many sign-ins at once on this server; try again in a few seconds.'

/**
 * Whether the request carries a password to check or hash (sign-in, registration, a reset or a
 * change, erasure): a `password` key in a JSON body, or the word in a GraphQL mutation.
 */
const carriesPassword = (
  text: string | undefined,
  parsed: Record<string, unknown> | undefined,
  graphQL: boolean,
): boolean => (graphQL ? /password/i.test(text ?? '') : typeof parsed?.password === 'string')

/**
 * A GraphQL answer that carries nothing but a database fault is a 503, like its REST twin
 * (graphql-http answers 200 whenever the request itself was valid).
 */
const onlyAFault = async (response: Response): Promise<boolean> => {
  try {
    const body = (await response.clone().json()) as { data?: Record<string, unknown> | null }
    return !body.data || Object.values(body.data).every((value) => value === null)
  } catch {
    return false
  }
}

const WITH_BODY = new Set(['PATCH', 'POST', 'PUT'])

/** The seconds a 503's body names (`errors[0].data.retryAfter`), else 5. */
const retryAfterOf = async (response: Response): Promise<number> => {
  try {
    const body = (await response.clone().json()) as {
      errors?: { data?: { retryAfter?: unknown } }[]
    }
    const seconds = body.errors?.[0]?.data?.retryAfter
    return typeof seconds === 'number' && seconds > 0 ? seconds : 5
  } catch {
    return 5
  }
}

/**
 * Wraps a Payload route handler with the limits no Payload hook can apply because they act
 * before Payload reads the request: URL length, the query string, the JSON body's size (smaller
 * without credentials), depth and shape, versions routes of things without versions, GraphQL
 * tokens and cost (`graphQL: true`), a time budget for reads (GET, GraphQL queries) and the
 * bounded lane for anonymous reads. After Payload has answered, it adds Retry-After to every 503
 * (database faults included) and answers 503, not 401/403, to a client whose credentials could not
 * be checked because the database was down (src/plugin/databaseResilience.ts). The rest of the limits are hooks (src/platform/limits/guardInput.ts) and a GraphQL
 * validation rule, which also hold without this wrapper.
 */
export const guardRequest = <Args extends unknown[]>(
  configInput: ConfigInput,
  handler: Handler<Args>,
  { graphQL = false }: { graphQL?: boolean } = {},
): Handler<Args> => {
  let resolved: SanitizedConfig | undefined
  return async (request, ...args) => {
    const config = (resolved ??= await configInput)
    const { limits } = platformSettingsOf({ config })
    try {
      if (request.url.length > limits.urlBytes) {
        throw new Refusal(`The URL is longer than ${limits.urlBytes} bytes.`, 414)
      }
      const url = new URL(request.url)
      checkQuery(url, limits)
      if (!graphQL) checkRouteExists(url, config)
      const credentials = hasCredentials(request, config)
      const contentType = request.headers.get('content-type')?.split(';')[0]?.trim()
      const { parsed, request: checked } =
        WITH_BODY.has(request.method) && contentType === 'application/json'
          ? await checkJsonBody(request, limits, !credentials)
          : { parsed: undefined, request }
      const reads = graphQL ? checkGraphQL(parsed, limits) : request.method === 'GET'
      const password =
        WITH_BODY.has(request.method) && carriesPassword(checkedBodyText(checked), parsed, graphQL)
      const [faults, work] = withRequestFaults(() => {
        // A signed-in client's reads, and any write's, never see a lagging replica.
        const answer = () =>
          credentials || !reads
            ? readingFromPrimary(() => handler(checked, ...args))
            : handler(checked, ...args)
        const running =
          reads && !credentials && !isHealthCheck(url, config)
            ? inLane({ name: 'anonymousReads', size: limits.anonymousReads }, READS_BUSY, answer)
            : password
              ? inLane(
                  {
                    name: 'passwordChecks',
                    size: limits.passwordChecks,
                    waitMs: limits.passwordChecks.waitMs,
                  },
                  PASSWORDS_BUSY,
                  answer,
                )
              : answer()
        return reads ? withinBudget(running, limits.readTimeMs) : running
      })
      const response = await work.catch((error: unknown) => {
        // A handler outside Payload's error handling (an app route of the plugin's) that met a
        // database fault: the same 503 as Payload's routes give.
        const fault = databaseFault(error)
        if (!fault) throw error
        throw new Refusal(fault.message, 503, { retryAfter: fault.retryAfter })
      })
      if (faults.signInUnchecked) {
        throw new Refusal(
          'The database is unavailable, so your sign-in could not be checked; try again in a few seconds.',
          503,
          { retryAfter: 5 },
        )
      }
      if (faults.fault) {
        const retryAfter = String(faults.fault.retryAfter)
        const status = graphQL && (await onlyAFault(response)) ? 503 : response.status
        return answerWith(response, status, { 'Retry-After': retryAfter })
      }
      // Payload answers a route it does not have with 501 Not Implemented: to a client it is a 404.
      if (response.status === 501) return answerWith(response, 404)
      if (response.status === 503 && !response.headers.has('Retry-After')) {
        return answerWith(response, 503, { 'Retry-After': String(await retryAfterOf(response)) })
      }
      return graphQL
        ? response
        : withHttpCaching(request, response, {
            credentials,
            settings: platformSettingsOf({ config }).httpCache,
          })
    } catch (error) {
      if (error instanceof Refusal) return refuse(error)
      throw error
    }
  }
}
