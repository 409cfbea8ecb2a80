import type { PayloadRequest } from 'payload'

import { accountsRelColumn } from '../../src/db/tableNames'
import { settingsOf } from '../../src/settings'
import { pgIdType } from '../../src/utilities/ids'
import { runPrepared } from '../../src/utilities/preparedQuery'

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
