import type { Endpoint, PayloadRequest } from 'payload'
import { generateExpiredPayloadCookie } from 'payload/shared'

import { hasRole } from '../../src/access/roles'
import { writeFailedSignIn } from '../../src/audit/writeAuditLog'
import { eraseAccount } from '../../src/privacy/eraseAccount'
import { normalizeEmail } from '../../src/privacy/emailAddresses'
import { exportPersonalData } from '../../src/privacy/exportPersonalData'
import { settingsOf } from '../../src/settings'
import { type DocId, parseId } from '../../src/utilities/ids'
import { PublicError } from '../../src/utilities/publicError'
import { readJson } from '../../src/utilities/readJsonBody'

/** The account a request is about: `me` (the signed-in one) or an id, which only admins may name. */
const targetOf = (req: PayloadRequest): { id: DocId; self: boolean } => {
  if (!req.user) throw new PublicError('Log in first.', 401)
  const { idType, slugs } = settingsOf(req.payload)
  if (req.user.collection !== slugs.users) {
    throw new PublicError('Only accounts of this site have personal data here.', 403)
  }
  const param = req.routeParams?.id
  if (param === undefined) return { id: req.user.id, self: true }
  const id = parseId(param, idType)
  if (id === undefined)
    throw new PublicError(`"${String(param).slice(0, 60)}" is not an account id.`, 400, {
      field: 'id',
    })
  const self = String(id) === String(req.user.id)
  if (!self && !hasRole(req, 'admin')) {
    throw new PublicError("Only admins may act on another person's data.", 403)
  }
  return { id, self }
}

const bodyOf = async (req: PayloadRequest): Promise<Record<string, unknown>> => {
  const data = await readJson(req)
  if (!data || typeof data !== 'object' || Array.isArray(data)) return {}
  return data as Record<string, unknown>
}

const exportHandler: Endpoint['handler'] = async (req) => {
  const { id } = targetOf(req)
  const data = await exportPersonalData(req, id)
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      'Cache-Control': 'private, no-store',
      'Content-Disposition': `attachment; filename="personal-data-${String(id).replace(/[^\w-]/g, '')}.json"`,
      'Content-Type': 'application/json; charset=utf-8',
    },
  })
}

/** Erasing oneself needs the password again: a stolen session alone must not erase an account. */
export const confirmPassword = async (req: PayloadRequest, body: Record<string, unknown>) => {
  const { password } = body
  if (typeof password !== 'string' || password.length === 0 || password.length > 1024) {
    throw new PublicError('Send {"password": "<your password>"} to confirm the erasure.', 400, {
      field: 'password',
    })
  }
  const { slugs } = settingsOf(req.payload)
  const email = String((req.user as { email?: unknown } | null)?.email ?? '')
  try {
    // Payload's login, so the sign-in throttle (429) guards this form too.
    await req.payload.login({ collection: slugs.users, data: { email, password }, req })
  } catch (error) {
    const status = (error as { status?: number }).status
    if (status !== 401) throw error
    // Counted like a failed sign-in: a stolen session cannot guess the password here unthrottled.
    if (settingsOf(req.payload).parts.audit) {
      await writeFailedSignIn(req, { collection: slugs.users, email, status })
    }
    throw new PublicError('The password is not correct.', 401, { field: 'password' })
  }
}

/** An admin confirms by typing the account's email: erasure cannot be undone. */
const confirmEmail = async (req: PayloadRequest, id: DocId, body: Record<string, unknown>) => {
  const { slugs } = settingsOf(req.payload)
  const account = await req.payload
    .findByID({ collection: slugs.users, depth: 0, id, overrideAccess: true, req })
    .catch(() => undefined)
  if (!account) throw new PublicError('No such account.', 404, { field: 'id' })
  const email = String((account as { email?: unknown }).email ?? '')
  if (typeof body.confirm !== 'string' || normalizeEmail(body.confirm) !== normalizeEmail(email)) {
    throw new PublicError(
      'Erasure cannot be undone: send {"confirm": "<the account\'s email>"} to confirm it.',
      400,
      { field: 'confirm' },
    )
  }
}

const eraseHandler: Endpoint['handler'] = async (req) => {
  const { id, self } = targetOf(req)
  const body = await bodyOf(req)
  if (self) await confirmPassword(req, body)
  else await confirmEmail(req, id, body)
  const erased = await eraseAccount(req, id, { byUserId: self ? null : String(req.user?.id) })
  const headers = new Headers()
  if (self) {
    const collection = req.payload.collections[settingsOf(req.payload).slugs.users]?.config
    if (collection?.auth) {
      headers.set(
        'Set-Cookie',
        generateExpiredPayloadCookie({
          collectionAuthConfig: collection.auth,
          cookiePrefix: req.payload.config.cookiePrefix,
        }),
      )
    }
  }
  return Response.json(
    { erased, message: 'The account was erased: its personal data is gone and it cannot sign in.' },
    { headers, status: 200 },
  )
}

/**
 * Personal data endpoints on the accounts collection: `GET /me/export`, `GET /:id/export`,
 * `POST /me/erase` ({password}) and `POST /:id/erase` ({confirm: email}, admins).
 */
export const personalDataEndpoints: Endpoint[] = [
  { handler: exportHandler, method: 'get', path: '/me/export' },
  { handler: exportHandler, method: 'get', path: '/:id/export' },
  { handler: eraseHandler, method: 'post', path: '/me/erase' },
  { handler: eraseHandler, method: 'post', path: '/:id/erase' },
]
