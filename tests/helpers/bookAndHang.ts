/**
 * Run by tests/mail.test.ts in a child process: books through Payload (the booking and, by the
 * database's trigger, its confirmation job commit together), prints `committed <id>` and waits to
 * be killed with SIGKILL, so no runner of this process ever sees the job.
 * Usage: tsx tests/helpers/bookAndHang.ts <eventId> <userId>
 */
import { getPayload, type RequiredDataFromCollectionSlug } from 'payload'

import config from '../../payload.config'

const [eventId, userId] = process.argv.slice(2)
const payload = await getPayload({ config })
const user = await payload.findByID({ collection: 'users', id: String(userId) })
const booking = await payload.create({
  collection: 'bookings',
  data: { event: String(eventId), seats: 1 } as RequiredDataFromCollectionSlug<'bookings'>,
  overrideAccess: false,
  user,
})
process.stdout.write(`committed ${booking.id}\n`)
setInterval(() => undefined, 60_000)
