import type {
  CollectionBeforeOperationHook,
  GlobalBeforeOperationHook,
  PayloadRequest,
  SanitizedCollectionConfig,
} from 'payload'

import { builtByPlugin } from '../../utilities/builtByPlugin'
import { assertValidInput } from '../../utilities/inspectInput'
import { platformSettingsOf } from '../../utilities/platformSettings'
import { PublicError } from '../../utilities/publicError'
import { type ReadArgs, cappedLimit, readArgsProblem } from './readArgs'
import { idTypeOf, validId, whereProblem } from './whereProblem'

/** Only the server sets these; a client's value is dropped (and so never reaches the audit log). */
const SERVER_OWNED = ['createdAt', 'updatedAt'] as const

/** Writes from REST and GraphQL: a JSON object, within the anonymous size limit, no timestamps. */
const checkClientData = (data: unknown, req: PayloadRequest): void => {
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    throw new PublicError('The request body must be a JSON object of field values.', 400)
  }
  const { anonymousBodyBytes } = platformSettingsOf(req.payload).limits
  if (!req.user && JSON.stringify(data).length > anonymousBodyBytes) {
    throw new PublicError(
      `The request body is larger than the ${anonymousBodyBytes}-byte limit for anonymous requests.`,
      413,
      { limit: anonymousBodyBytes },
    )
  }
  for (const key of SERVER_OWNED) delete (data as Record<string, unknown>)[key]
}

const MAX_EMAIL = 254
const MAX_PASSWORD = 1024

/** Credentials must be text of a sane length: Payload hashes and indexes whatever it is given. */
const checkCredentials = (data: unknown): void => {
  const { email, password } = (data ?? {}) as { email?: unknown; password?: unknown }
  if (email !== undefined && email !== null) {
    if (typeof email !== 'string')
      throw new PublicError('"email" must be text.', 400, { field: 'email' })
    if (email.length > MAX_EMAIL) {
      throw new PublicError(`"email" is longer than ${MAX_EMAIL} characters.`, 400, {
        field: 'email',
      })
    }
  }
  if (password !== undefined && password !== null) {
    if (typeof password !== 'string') {
      throw new PublicError('"password" must be text.', 400, { field: 'password' })
    }
    if (password.length > MAX_PASSWORD) {
      throw new PublicError(`"password" is longer than ${MAX_PASSWORD} characters.`, 400, {
        field: 'password',
      })
    }
  }
}

const AUTH_OPERATIONS = new Set([
  'create',
  'forgotPassword',
  'login',
  'resetPassword',
  'unlock',
  'update',
])
const LIST_ARGS = ['where', 'limit', 'page', 'pagination'] as const

/** Reads from REST and GraphQL: paging, depth and `where` within the limits and well-formed. */
const checkQuery = (
  args: ReadArgs & { sort?: unknown; where?: unknown },
  collection: SanitizedCollectionConfig,
  operation: string,
  req: PayloadRequest,
): void => {
  const { limits } = platformSettingsOf(req.payload)
  const list = operation === 'read' || operation === 'count' || operation === 'readDistinct'
  const isList = list && LIST_ARGS.some((key) => key in args)
  const problem =
    readArgsProblem(args, limits, isList) ??
    (args.where === undefined || args.where === null
      ? undefined
      : whereProblem(args.where, { collection, limits, payload: req.payload }))
  if (problem) throw new PublicError(problem, 400)
  if (isList && args.limit !== undefined) args.limit = cappedLimit(args.limit, limits.pageSize)
}

const checked = new WeakSet<object>()

/**
 * Whether this operation is the one a REST or GraphQL client asked for: the first one on its
 * request that does not override access and is not relationship population (Payload's data
 * loader, `disableErrors`, `currentDepth`). Operations that hooks and endpoints run on the same
 * request (with `req` passed on) come later, and the auth strategy's user lookup overrides access.
 * (GraphQL gives every top-level field a request object of its own.)
 */
const isClientOperation = (
  req: PayloadRequest,
  overrideAccess: boolean | undefined,
  args: { currentDepth?: unknown; disableErrors?: unknown },
): boolean => {
  if (req.payloadAPI === 'local' || overrideAccess === true || checked.has(req)) return false
  if (args.disableErrors === true || Number(args.currentDepth ?? 0) > 0) return false
  checked.add(req)
  return true
}

/** Every collection operation: input checks for all APIs, the client checks for REST and GraphQL. */
export const guardCollectionOperation: CollectionBeforeOperationHook = builtByPlugin(
  ({ args, collection, operation, overrideAccess, req }) => {
    const { data } = args as { data?: unknown }
    if (operation === 'create' || operation === 'update') assertValidInput(data, req.payload)
    if (!isClientOperation(req, overrideAccess, args as { currentDepth?: unknown })) return args
    const { id } = args as { id?: unknown }
    const idType = idTypeOf(req.payload, collection.slug)
    if (id !== undefined && id !== null && idType && !validId(id, idType)) {
      throw new PublicError(
        `No ${collection.slug} document has the id ${JSON.stringify(String(id).slice(0, 40))}.`,
        404,
      )
    }
    if (collection.auth && AUTH_OPERATIONS.has(operation)) checkCredentials(data)
    if (operation === 'create' || operation === 'update') checkClientData(data, req)
    checkQuery(args as ReadArgs, collection, operation, req)
    return args
  },
)

export const guardGlobalOperation: GlobalBeforeOperationHook = ({
  args,
  operation,
  overrideAccess,
  req,
}) => {
  const { data, depth } = (args ?? {}) as { data?: unknown; depth?: unknown }
  if (operation === 'update') assertValidInput(data, req.payload)
  if (!isClientOperation(req, overrideAccess, args ?? {})) return args
  if (operation === 'update') checkClientData(data, req)
  const problem = readArgsProblem({ depth }, platformSettingsOf(req.payload).limits, false)
  if (problem) throw new PublicError(problem, 400)
  return args
}
