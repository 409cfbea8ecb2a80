import type { Endpoint } from 'payload'

import { hasRole } from '../../src/access/roles'
import { writeAuditLog } from '../../src/audit/writeAuditLog'
import { settingsOf } from '../../src/settings'
import { slugs } from '../../src/slugs'
import { parseId } from '../../src/utilities/ids'
import { runPrepared } from '../../src/utilities/preparedQuery'
import { PublicError } from '../../src/utilities/publicError'
import { readJson } from '../../src/utilities/readJsonBody'
import { checkIn, type CheckInOutcome, parseCheckIn, undoAdmissionStatement } from './checkIn'

/** A scan's answer over REST: 201 admitted, 409 refused (with why in `data`). */
export const checkInAnswer = (outcome: CheckInOutcome): Response =>
  outcome.result === 'admitted'
    ? Response.json(outcome, { status: 201 })
    : Response.json(
        { errors: [{ data: { ...outcome }, message: outcome.message }] },
        { status: 409 },
      )

/**
 * POST /api/check-ins `{event, code | reference, nonce?, gate?}`: one scan at the door (see
 * checkIn.ts), for the event's organizer, its check-in staff and admins.
 */
const checkInEndpoint: Endpoint = {
  handler: async (req) => {
    if (!req.user) throw new PublicError('Log in to check people in.', 401)
    await readJson(req)
    return checkInAnswer(await checkIn(req, parseCheckIn(req, req.data)))
  },
  method: 'post',
  path: '/',
}

/**
 * POST /api/check-ins/:id/undo: takes an admission back (a scan at the wrong event, a person who
 * left before the doors closed), for the event's organizer and admins; audited. The ticket can
 * then be admitted again.
 */
const undoEndpoint: Endpoint = {
  handler: async (req) => {
    if (!req.user) throw new PublicError('Log in first.', 401)
    const { idType } = settingsOf(req.payload)
    const id = parseId(req.routeParams?.id, idType)
    if (id === undefined) throw new PublicError('No such check-in.', 404)
    const staff = hasRole(req, 'admin') ? 'all' : hasRole(req, 'organizer') ? 'own' : 'none'
    if (staff === 'none') {
      throw new PublicError("Only the event's organizer or an admin can undo a check-in.", 403)
    }
    const [undone] = await runPrepared<{ undone_at: Date }>(req, undoAdmissionStatement(idType), [
      id,
      req.user.id,
      staff === 'all',
    ])
    if (!undone) {
      throw new PublicError(
        'No admission to undo: unknown, refused, already undone, or not your event.',
        404,
      )
    }
    const at = new Date(undone.undone_at).toISOString()
    await writeAuditLog(
      req,
      {
        action: 'update',
        changes: { undoneAt: { from: null, to: at } },
        collection: slugs.checkIns,
        documentId: String(id),
      },
      { ownTransaction: true },
    )
    return Response.json({ message: 'The admission was undone.', undoneAt: at })
  },
  method: 'post',
  path: '/:id/undo',
}

export const checkInEndpoints: Endpoint[] = [checkInEndpoint, undoEndpoint]
