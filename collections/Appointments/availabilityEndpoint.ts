import { sql } from '@payloadcms/db-postgres'
import type { Endpoint, PayloadRequest } from 'payload'

import { hasRole } from '../../src/access/roles'
import { settingsOf } from '../../src/settings'
import { type DocId, parseId } from '../../src/utilities/ids'
import { PublicError } from '../../src/utilities/publicError'
import { postgresAdapterOf } from '../../src/utilities/transactionDb'
import { type FreeSlotRow, freeSlotsSql } from './freeSlotsSql'

const DATE = /^\d{4}-\d{2}-\d{2}$/
const DAY = 86_400_000

export type AvailabilityArgs = {
  /** List each start's free resources (`detail=resources`); otherwise the starts only. */
  detail?: 'resources'
  from: string
  resource?: DocId
  service: DocId
  to: string
  venue: DocId
}

export type Availability = {
  from: string
  gridMinutes: number
  resource: DocId | null
  service: DocId
  slots: { end: string; local: string; resources?: string[]; start: string }[]
  timeZone: string
  to: string
  venue: DocId
}

const one = (query: Record<string, unknown>, name: string): string | undefined => {
  const value = query[name]
  if (value === undefined || value === null || value === '') return undefined
  if (typeof value !== 'string') throw new PublicError(`"${name}" must be given once.`, 400)
  return value
}

/** A calendar date as YYYY-MM-DD, or a 400 naming the parameter. */
const dateParam = (query: Record<string, unknown>, name: string): string => {
  const value = one(query, name)
  if (value === undefined) throw new PublicError(`"${name}" is required (YYYY-MM-DD).`, 400)
  const time = Date.parse(`${value}T00:00:00Z`)
  if (
    !DATE.test(value) ||
    Number.isNaN(time) ||
    new Date(time).toISOString().slice(0, 10) !== value
  )
    throw new PublicError(`"${name}" must be a date as YYYY-MM-DD.`, 400)
  return value
}

const idParam = (
  req: PayloadRequest,
  query: Record<string, unknown>,
  name: string,
  required: boolean,
) => {
  const value = one(query, name)
  if (value === undefined) {
    if (required) throw new PublicError(`"${name}" is required.`, 400)
    return undefined
  }
  const id = parseId(value, settingsOf(req.payload).idType)
  if (id === undefined) throw new PublicError(`"${name}" is not a valid id.`, 400)
  return id
}

/** The search's parameters, checked: ids, dates (venue's calendar), at most maxSearchDays. */
export const availabilityArgs = (
  req: PayloadRequest,
  query: Record<string, unknown>,
): AvailabilityArgs => {
  const from = dateParam(query, 'from')
  const to = dateParam(query, 'to')
  const days = (Date.parse(to) - Date.parse(from)) / DAY + 1
  const { maxSearchDays } = settingsOf(req.payload).appointments
  if (days < 1) throw new PublicError('"to" is before "from".', 400)
  if (days > maxSearchDays)
    throw new PublicError(`The search covers at most ${maxSearchDays} days.`, 400)
  const detail = one(query, 'detail')
  if (detail !== undefined && detail !== 'resources')
    throw new PublicError('"detail" can only be "resources".', 400)
  return {
    ...(detail ? { detail } : {}),
    from,
    resource: idParam(req, query, 'resource', false),
    service: idParam(req, query, 'service', true) as DocId,
    to,
    venue: idParam(req, query, 'venue', true) as DocId,
  }
}

/**
 * The start times at which a service fits at a venue between two of its calendar dates (any
 * resource, or the one asked for), with `detail: 'resources'` each with the resources free for it
 * (freeSlotsSql: one statement). Live: every booking changes it.
 */
export const availability = async (
  req: PayloadRequest,
  args: AvailabilityArgs,
): Promise<Availability> => {
  const { appointments, idType } = settingsOf(req.payload)
  const db = postgresAdapterOf(req.payload).drizzle
  const staffMember = hasRole(req, 'admin', 'organizer')
  const { rows } = await db.execute<{ published: boolean | null; time_zone: null | string }>(sql`
    SELECT (SELECT published FROM services WHERE id = ${args.service}) AS published,
      (SELECT time_zone FROM venues WHERE id = ${args.venue}) AS time_zone`)
  const found = rows[0]
  if (!found || found.published === null || (!found.published && !staffMember))
    throw new PublicError('No such service.', 404)
  if (!found.time_zone) throw new PublicError('No such venue.', 404)
  const slots = await db.execute<FreeSlotRow>(
    freeSlotsSql(
      {
        ...args,
        gridMinutes: appointments.gridMinutes,
        perResource: args.detail === 'resources',
      },
      idType,
    ),
  )
  const iso = (value: Date | string) => new Date(value).toISOString()
  return {
    from: args.from,
    gridMinutes: appointments.gridMinutes,
    resource: args.resource ?? null,
    service: args.service,
    slots: slots.rows.map(({ end, local, resources, start }) => ({
      end: iso(end),
      local,
      ...(resources ? { resources } : {}),
      start: iso(start),
    })),
    timeZone: found.time_zone,
    to: args.to,
    venue: args.venue,
  }
}

/** GET /api/availability?service=&venue=&from=YYYY-MM-DD&to=YYYY-MM-DD[&resource=][&detail=resources] */
export const availabilityEndpoint: Endpoint = {
  handler: async (req) =>
    Response.json(
      await availability(req, availabilityArgs(req, (req.query ?? {}) as Record<string, unknown>)),
    ),
  method: 'get',
  path: '/availability',
}
