/**
 * One table of who may do what to every collection and global the app has, Payload's internal
 * ones included, checked against what the app itself reports over REST (`GET /api/access`), real
 * GraphQL reads of every collection, and real requests to the internal collections, for each role.
 * Letters: c create, r read, u update, d delete, v read versions; upper case: without limits,
 * lower case: only some documents (a `where`, e.g. own). A missing letter: refused.
 */
import { formatNames, toWords } from 'payload'
import { beforeAll, describe, expect, it } from 'vitest'

import { createActors, json, type Role, tokensByRole } from './helpers/fixtures'
import { useTestApp } from './helpers/testApp'

type Who = Role

const TABLE: Record<string, Record<Who, string>> = {
  appointments: { anonymous: '', user: 'Cru', organizer: 'Cru', admin: 'CRU' },
  'audit-logs': { anonymous: '', user: '', organizer: '', admin: 'R' },
  bookings: { anonymous: '', user: 'Cru', organizer: 'Cru', admin: 'CRU' },
  'check-ins': { anonymous: '', user: 'r', organizer: 'r', admin: 'R' },
  closures: { anonymous: 'R', user: 'R', organizer: 'CRud', admin: 'CRUD' },
  events: { anonymous: 'r', user: 'r', organizer: 'Crud', admin: 'CRUD' },
  'form-submissions': { anonymous: 'C', user: 'C', organizer: 'C', admin: 'CRD' },
  forms: { anonymous: 'R', user: 'R', organizer: 'R', admin: 'CRUD' },
  'mail-templates': { anonymous: '', user: '', organizer: '', admin: 'CRUD' },
  mails: { anonymous: '', user: '', organizer: '', admin: 'R' },
  media: { anonymous: 'R', user: 'R', organizer: 'CR', admin: 'CRUD' },
  pages: { anonymous: 'r', user: 'r', organizer: 'r', admin: 'CRUDV' },
  navigation: { anonymous: 'R', user: 'R', organizer: 'R', admin: 'RU' },
  'payment-events': { anonymous: '', user: '', organizer: '', admin: 'R' },
  payments: { anonymous: '', user: 'r', organizer: 'r', admin: 'R' },
  'payload-folders': { anonymous: '', user: '', organizer: 'R', admin: 'CRUD' },
  'payload-jobs': { anonymous: '', user: '', organizer: '', admin: '' },
  'payload-kv': { anonymous: '', user: '', organizer: '', admin: '' },
  'payload-jobs-stats': { anonymous: '', user: '', organizer: '', admin: 'RU' },
  'payload-locked-documents': { anonymous: '', user: '', organizer: 'CRud', admin: 'CRUD' },
  'payload-migrations': { anonymous: '', user: '', organizer: '', admin: '' },
  'payload-preferences': { anonymous: '', user: 'Crud', organizer: 'Crud', admin: 'Crud' },
  refunds: { anonymous: '', user: 'r', organizer: 'r', admin: 'R' },
  resources: { anonymous: 'R', user: 'R', organizer: 'CRud', admin: 'CRUD' },
  services: { anonymous: 'r', user: 'r', organizer: 'CRUD', admin: 'CRUD' },
  'site-settings': { anonymous: 'R', user: 'R', organizer: 'R', admin: 'RU' },
  tags: { anonymous: 'R', user: 'R', organizer: 'CR', admin: 'CRUD' },
  'ticket-types': { anonymous: 'r', user: 'r', organizer: 'Crud', admin: 'CRUD' },
  tickets: { anonymous: '', user: 'ru', organizer: 'ru', admin: 'RU' },
  users: { anonymous: 'C', user: 'Cru', organizer: 'Cru', admin: 'CRUD' },
  venues: { anonymous: 'R', user: 'R', organizer: 'CR', admin: 'CRUD' },
  'waiting-list': { anonymous: 'C', user: 'Cru', organizer: 'Cru', admin: 'CRUD' },
}

type Permission = boolean | { permission?: boolean; where?: unknown }
type AccessBody = Record<'collections' | 'globals', Record<string, Record<string, Permission>>>

const LETTERS: [string, string][] = [
  ['create', 'c'],
  ['read', 'r'],
  ['update', 'u'],
  ['delete', 'd'],
  ['readVersions', 'v'],
]

/** The table's letters for one collection's or global's reported permissions. */
const lettersOf = (operations: Record<string, Permission> | undefined): string =>
  LETTERS.map(([operation, letter]) => {
    const permission = operations?.[operation]
    if (permission === true) return letter.toUpperCase()
    if (!permission || typeof permission !== 'object') return ''
    if (permission.where) return letter
    return permission.permission ? letter.toUpperCase() : ''
  }).join('')

describe('access table', () => {
  let tokens: Record<Who, string | undefined>

  const app = useTestApp()

  beforeAll(async () => {
    const actors = await createActors(app)
    tokens = tokensByRole(actors)
  })

  it('should name every collection and global of the app', () => {
    const slugs = [
      ...app.payload.config.collections.map(({ slug }) => slug),
      ...app.payload.config.globals.map(({ slug }) => slug),
    ].sort()

    expect(Object.keys(TABLE).sort()).toEqual(slugs)
  })

  it.each(['anonymous', 'user', 'organizer', 'admin'] as const)(
    'should report exactly the table for %s over REST',
    async (who) => {
      const token = tokens[who]
      const body = await json<AccessBody>(await app.rest.get('/access', token ? { token } : {}))
      const reported = Object.fromEntries(
        Object.keys(TABLE).map((slug) => [
          slug,
          lettersOf(body.collections[slug] ?? body.globals[slug]),
        ]),
      )

      expect(reported).toEqual(
        Object.fromEntries(Object.entries(TABLE).map(([slug, row]) => [slug, row[who]])),
      )
    },
  )

  // Payload's GraphQL `Access` query answers `permission: null` for every operation it grants
  // without a condition (3.90), so GraphQL is checked with real reads of every collection.
  it.each(['anonymous', 'user', 'organizer', 'admin'] as const)(
    'should let %s read over GraphQL exactly the collections the table lets them read',
    async (who) => {
      const token = tokens[who]
      const collections = app.payload.config.collections.filter(({ graphQL }) => graphQL !== false)
      const readable = async (name: string) => {
        const response = await app.graphql(
          `{ ${name}(limit: 1) { totalDocs } }`,
          token ? { token } : {},
        )
        const body = await json<{ data?: Record<string, unknown>; errors?: unknown[] }>(response)
        return !body.errors && Boolean(body.data?.[name])
      }

      const answered = Object.fromEntries(
        await Promise.all(
          collections.map(async ({ graphQL, slug }) => {
            const names = formatNames(slug)
            const plural = toWords((graphQL && graphQL.pluralName) || names.plural, true)
            const singular = toWords((graphQL && graphQL.singularName) || names.singular, true)
            // As @payloadcms/graphql names list queries: "allMedia" when both forms are one word.
            const query = plural === singular ? `all${plural}` : plural
            return [slug, await readable(query)] as const
          }),
        ),
      )

      expect(answered).toEqual(
        Object.fromEntries(
          collections.map(({ slug }) => [slug, /r/i.test(TABLE[slug]?.[who] ?? '')]),
        ),
      )
    },
  )

  it.each(['anonymous', 'user', 'organizer'] as const)(
    'should refuse %s what the table refuses on the internal collections and globals',
    async (who) => {
      const token = tokens[who]
      const options = token ? { token } : {}

      const folders = await app.rest.post('/payload-folders', { name: 'x' }, options)
      const stats = await app.rest.post('/globals/payload-jobs-stats', { stats: {} }, options)
      const jobs = await app.rest.get('/payload-jobs', options)

      expect(
        [folders.status, stats.status, jobs.status].every((status) => [401, 403].includes(status)),
      ).toBe(true)
    },
  )
})
