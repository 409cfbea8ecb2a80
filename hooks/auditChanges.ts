import { auditHook } from '../src/utilities/builtByPlugin'
import type {
  CollectionAfterChangeHook,
  CollectionAfterDeleteHook,
  CollectionAfterErrorHook,
  CollectionAfterLoginHook,
  CollectionAfterLogoutHook,
  GlobalAfterChangeHook,
  AfterErrorHook,
  PayloadRequest,
  SanitizedCollectionConfig,
} from 'payload'
import { formatNames, toWords } from 'payload'
import { sql } from '@payloadcms/db-postgres'

import { diffDocuments } from '../src/audit/changes'
import { type AuditAction, writeAuditLog, writeFailedSignIn } from '../src/audit/writeAuditLog'
import { tableName } from '../src/db/tableNames'
import { transactionDb } from '../src/utilities/transactionDb'

type Doc = Record<string, unknown>

/** Names the change: trash/restore (soft delete goes through update), publish, role change. */
const actionFor = (
  operation: 'create' | 'update',
  before: Doc | undefined,
  after: Doc,
): AuditAction => {
  if (operation === 'create') return after._status === 'published' ? 'publish' : 'create'
  if (!before?.deletedAt && after.deletedAt) return 'trash'
  if (before?.deletedAt && !after.deletedAt) return 'restore'
  if (before?._status !== 'published' && after._status === 'published') return 'publish'
  if (before?._status === 'published' && after._status === 'draft') return 'unpublish'
  if (before && 'role' in after && before.role !== after.role) return 'role_change'
  return 'update'
}

/**
 * Whether a draft was saved while the document's published version stays live: a draft save
 * writes only a version, so the document's own row still says "published".
 */
const savedDraftOfPublished = async (
  req: PayloadRequest,
  collection: SanitizedCollectionConfig,
  id: unknown,
): Promise<boolean> => {
  const db = await transactionDb(req)
  const { rows } = await db.execute<{ _status: null | string }>(
    sql`SELECT _status FROM ${sql.identifier(tableName(req.payload, collection.slug))} WHERE id = ${id}`,
  )
  return rows[0]?._status === 'published'
}

/** One audit row per created or updated document, in the same transaction as the change. */
export const auditAfterChange: CollectionAfterChangeHook = auditHook(
  async ({ collection, doc, operation, previousDoc, req }) => {
    const before = operation === 'update' ? (previousDoc as Doc) : undefined
    const changes = diffDocuments(before, doc as Doc)
    if (operation === 'update' && Object.keys(changes).length === 0) return doc
    const named = actionFor(operation, before, doc as Doc)
    const draftSave =
      doc._status === 'draft' &&
      (named === 'unpublish' || named === 'update') &&
      (await savedDraftOfPublished(req, collection, doc.id))
    await writeAuditLog(req, {
      action: draftSave ? 'draft' : named,
      changes,
      collection: collection.slug,
      documentId: String(doc.id),
    })
    return doc
  },
)

export const auditAfterDelete: CollectionAfterDeleteHook = async ({ collection, doc, id, req }) => {
  await writeAuditLog(req, {
    action: 'delete',
    changes: diffDocuments(doc as Doc, null),
    collection: collection.slug,
    documentId: String(id),
  })
  return doc
}

export const auditGlobalAfterChange: GlobalAfterChangeHook = async ({
  doc,
  global,
  previousDoc,
  req,
}) => {
  const changes = diffDocuments(previousDoc as Doc, doc as Doc)
  if (Object.keys(changes).length === 0) return doc
  await writeAuditLog(req, { action: 'update', changes, collection: global.slug, documentId: null })
  return doc
}

export const auditAfterLogin: CollectionAfterLoginHook = async ({ collection, req, user }) => {
  await writeAuditLog(req, {
    action: 'login',
    changes: null,
    collection: collection.slug,
    documentId: String(user.id),
    userId: String(user.id),
  })
}

export const auditAfterLogout: CollectionAfterLogoutHook = async ({ collection, req }) => {
  const id = req.user ? String(req.user.id) : null
  await writeAuditLog(req, {
    action: 'logout',
    changes: null,
    collection: collection.slug,
    documentId: id,
  })
}

/**
 * A failed login throws, so its request writes nothing: record it in a transaction of its own,
 * with the email that was tried (never the password).
 */
export const auditLoginFailed: CollectionAfterErrorHook = async ({ collection, error, req }) => {
  const status = (error as { status?: number }).status
  if (
    !collection ||
    !req.url?.split('?')[0]?.endsWith('/login') ||
    (status !== 401 && status !== 423)
  )
    return
  const email = (req.data as { email?: unknown } | undefined)?.email
  await writeFailedSignIn(req, { collection: collection.slug, email, status })
}

type GraphQLFieldNode = {
  arguments?: {
    name: { value: string }
    value: { kind: string; name?: { value: string }; value?: unknown }
  }[]
}
type GraphQLErrorLike = {
  nodes?: GraphQLFieldNode[]
  originalError?: { status?: number }
  path?: readonly (number | string)[]
}

/** The `email` argument of the failed mutation: inline, or from the request's variables. */
const emailArgument = (error: GraphQLErrorLike, variables: unknown): null | string => {
  const argument = error.nodes?.[0]?.arguments?.find(({ name }) => name.value === 'email')?.value
  const value =
    argument?.kind === 'Variable' && argument.name
      ? (variables as Record<string, unknown> | undefined)?.[argument.name.value]
      : argument?.value
  return typeof value === 'string' ? value : null
}

/**
 * Failed GraphQL logins (`loginUser` and the like) reach only the config's root afterError hook,
 * not the collection's: record them there, the same way as failed REST logins.
 */
export const auditGraphQLLoginFailed: AfterErrorHook = async ({ error, req }) => {
  const graphQLError = error as unknown as GraphQLErrorLike
  const field = graphQLError.path?.[0]
  const status = graphQLError.originalError?.status
  if (!req || typeof field !== 'string' || !field.startsWith('login')) return
  if (status !== 401 && status !== 423) return
  // The mutation is `login` + the collection's GraphQL name, derived as @payloadcms/graphql does.
  const collection = req.payload.config.collections.find(({ auth, graphQL, slug }) => {
    if (!auth || graphQL === false) return false
    const name = graphQL?.singularName
      ? toWords(graphQL.singularName, true)
      : formatNames(slug).singular
    return `login${name}` === field
  })
  if (!collection) return
  const variables = (req.data as { variables?: unknown } | undefined)?.variables
  await writeFailedSignIn(req, {
    collection: collection.slug,
    email: emailArgument(graphQLError, variables),
    status,
  })
}
