import type { PayloadRequest } from 'payload'

import { hasRole } from '../../src/access/roles'
import { accountsRelColumn } from '../../src/db/tableNames'
import { settingsOf } from '../../src/settings'
import { type DocId, parseId, pgIdType } from '../../src/utilities/ids'
import { runPrepared } from '../../src/utilities/preparedQuery'
import { PublicError } from '../../src/utilities/publicError'

/** Who the caller is to an event: its organizer (or an admin), its door staff, or no one. */
export type EventRole = 'door' | 'organizer'

/**
 * The event of `/:id/...` and the caller's role at it, or a 401/403/404: organizers and admins
 * run an event; check-in staff work its door (`needs: 'door'` admits them too).
 */
export const eventForStaff = async (
  req: PayloadRequest,
  needs: EventRole,
): Promise<{ id: DocId; role: EventRole; title: string }> => {
  if (!req.user) throw new PublicError('Log in first.', 401)
  const { idType } = settingsOf(req.payload)
  const id = parseId(req.routeParams?.id, idType)
  const [event] =
    id === undefined
      ? []
      : await runPrepared<{ door: boolean; organizer: null | string; title: string }>(
          req,
          {
            name: `events_cms_event_staff_${idType}`,
            text: `SELECT e.title, e.organizer_id::text AS organizer, EXISTS (SELECT 1 FROM events_rels r
                WHERE r.parent_id = e.id AND r.path = 'checkInStaff' AND r.${accountsRelColumn(req.payload)} = $2::${pgIdType(idType)}) AS door
              FROM events e WHERE e.id = $1::${pgIdType(idType)}`,
          },
          [id, req.user.id],
        )
  if (!event || id === undefined) throw new PublicError('No such event.', 404)
  const organizer =
    hasRole(req, 'admin') || (hasRole(req, 'organizer') && event.organizer === String(req.user.id))
  if (organizer) return { id, role: 'organizer', title: event.title }
  if (needs === 'door' && event.door) return { id, role: 'door', title: event.title }
  throw new PublicError(
    needs === 'door'
      ? "Only the event's organizer, its check-in staff and admins see this."
      : "Only the event's organizer and admins see this.",
    403,
  )
}

/**
 * Whether the account is check-in staff of an event that has not ended (a day's grace): such an
 * account may open the admin panel for its check-in screen, whatever its role.
 */
export const worksADoor = async (req: PayloadRequest): Promise<boolean> => {
  if (!req.user || req.user.collection !== settingsOf(req.payload).slugs.users) return false
  const { idType } = settingsOf(req.payload)
  const [row] = await runPrepared<{ door: boolean }>(
    req,
    {
      name: `events_cms_works_a_door_${idType}`,
      text: `SELECT EXISTS (SELECT 1 FROM events_rels r JOIN events e ON e.id = r.parent_id
        WHERE r.path = 'checkInStaff' AND r.${accountsRelColumn(req.payload)} = $1::${pgIdType(idType)}
          AND e.end_date > now() - interval '1 day') AS door`,
    },
    [req.user.id],
  )
  return row?.door === true
}
