/**
 * Hostile requests get a 4xx naming the problem, never a 500, a hang or unbounded work: request
 * limits (route guard, operation guard, GraphQL cost rule), malformed queries and bodies, and the
 * rules of Payload's internal collections.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { slugs } from 'payload-events-cms'
import {
  ACCOUNT_TABLES,
  type Actor,
  createActors,
  createContactForm,
  createEvent,
  firstErrorMessage,
  json,
} from './helpers/fixtures'
import { useTestApp } from './helpers/testApp'

describe('request limits and malformed input', () => {
  let admin: Actor
  let organizer: Actor
  let user: Actor

  const app = useTestApp()

  beforeAll(async () => {
    ;({ admin, organizer, user } = await createActors(app))
  })

  beforeEach(async () => {
    await app.reset({ keep: ACCOUNT_TABLES })
  })

  describe('query strings', () => {
    it.each([
      ['where=abc', /where must be a JSON object/],
      ['where[title][near]=1,2', /"near" works only on point fields/],
      ['where[startDate][within]=x', /"within" works only on point fields/],
      ['where[startDate][equals]=yesterday', /expected a date/],
      ['where[capacity][greater_than]=lots', /expected a number/],
      ['where[id][in]=a,b', /is not a valid id/],
      ['where[venue][equals]=nope', /is not a valid id/],
      ['where[title][bogus]=1', /unknown operator "bogus"/],
      ['where[title]=plain', /expected an operator/],
      ['where[title][equals]=a%00b', /NUL byte/],
      ['page=-5', /page must be a whole number from 1/],
      ['page=1e21', /page must be a whole number from 1/],
      ['limit=0', /limit must be a whole number from 1 to 100/],
      ['limit=-1', /limit must be a whole number from 1 to 100/],
      ['depth=100', /depth must be a whole number from 0 to 5/],
      ['pagination=false', /pagination=false is not available/],
    ])('should refuse ?%s with a 400 naming it', async (query, message) => {
      const response = await app.rest.get(`/${slugs.events}?${query}`)

      expect(response.status).toBe(400)
      expect(await firstErrorMessage(response)).toMatch(message)
    })

    it('should cap a large page size instead of reading every row', async () => {
      await Promise.all(Array.from({ length: 3 }, () => createEvent(app)))

      const capped = await json<{ docs: unknown[]; limit: number }>(
        await app.rest.get(`/${slugs.events}?limit=100000`),
      )
      const bounded = await app.rest.get(`/${slugs.events}?pagination=false&limit=2`)

      expect([capped.limit, capped.docs.length]).toEqual([100, 3])
      expect(bounded.status).toBe(200)
    })

    it('should refuse a NUL byte in the search query and in versions queries', async () => {
      const search = await app.rest.get(`/${slugs.events}/search?q=a%00b`)
      const versions = await app.rest.get(`/${slugs.pages}/versions?where[parent][equals]=x`, {
        token: admin.token,
      })

      expect([search.status, versions.status]).toEqual([400, 400])
    })

    it('should answer versions routes of things without versions with a 404', async () => {
      const events = await app.rest.get(`/${slugs.events}/versions`, { token: user.token })
      const settings = await app.rest.get('/globals/site-settings/versions', { token: user.token })

      expect([events.status, settings.status]).toEqual([404, 404])
      expect(await firstErrorMessage(events)).toMatch(/keeps no versions/)
    })
  })

  describe('bodies', () => {
    it.each([
      ['null', /must be a JSON object/],
      ['"text"', /must be a JSON object/],
      ['42', /must be a JSON object/],
      ['[1,2]', /must be a JSON object/],
      ['{bad', /not valid JSON/],
    ])('should refuse the body %s with a 400', async (body, message) => {
      const created = await app.rest.raw('POST', `/${slugs.venues}`, body, { token: admin.token })

      expect(created.status).toBe(400)
      expect(await firstErrorMessage(created)).toMatch(message)
    })

    it('should refuse a body nested 10,000 levels deep before parsing it, also anonymously', async () => {
      const deep = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`

      const response = await app.rest.raw('POST', `/${slugs.users}`, deep)

      expect(response.status).toBe(400)
      expect(await firstErrorMessage(response)).toMatch(/nested deeper than 64 levels/)
    })

    it('should refuse bodies over the limit with a 413 naming it, anonymous ones sooner', async () => {
      const big = JSON.stringify({ name: 'x'.repeat(3 * 1024 * 1024) })
      const form = await createContactForm(app)

      const signedIn = await app.rest.raw('POST', `/${slugs.venues}`, big, { token: admin.token })
      const anonymous = await app.rest.post(`/${slugs.formSubmissions}`, {
        form: form.id,
        submissionData: [{ field: 'message', value: 'x'.repeat(70 * 1024) }],
      })

      expect([signedIn.status, anonymous.status]).toEqual([413, 413])
      expect(await firstErrorMessage(signedIn)).toMatch(/larger than the 2097152-byte limit/)
      expect(await firstErrorMessage(anonymous)).toMatch(/65536-byte limit for anonymous requests/)
      expect((await app.payload.count({ collection: slugs.formSubmissions })).totalDocs).toBe(0)
    })

    it.each([
      [{ email: ['a@example.com'], password: 'correct-horse-battery' }, /"email" must be text/],
      [{ email: 'new@example.com', password: { $gt: '' } }, /"password" must be text/],
      [
        { email: `${'a'.repeat(300)}@example.com`, password: 'a-long-password-1' },
        /"email" is longer than 254/,
      ],
    ])(
      'should refuse malformed credentials on sign-up and login with a 400 (%#)',
      async (body, message) => {
        const signUp = await app.rest.post(`/${slugs.users}`, body)
        const login = await app.rest.post(`/${slugs.users}/login`, body)

        expect([signUp.status, login.status]).toEqual([400, 400])
        expect(await firstErrorMessage(signUp)).toMatch(message)
      },
    )

    it('should refuse a 1 MB anonymous body with a 413 before reading it all, on any route', async () => {
      const body = { email: `${'a'.repeat(1_000_000)}@example.com`, password: 'a-long-password-1' }

      const signUp = await app.rest.post(`/${slugs.users}`, body)
      const login = await app.rest.post(`/${slugs.users}/login`, body)

      expect([signUp.status, login.status]).toEqual([413, 413])
      expect(await firstErrorMessage(login)).toMatch(/65536-byte limit for anonymous requests/)
    })

    it('should keep timestamps server-owned', async () => {
      const response = await app.rest.post(
        `/${slugs.venues}`,
        {
          address: { city: 'Berlin' },
          capacity: 10,
          createdAt: '2001-01-01T00:00:00.000Z',
          name: 'Hall',
          updatedAt: '2001-01-01T00:00:00.000Z',
        },
        { token: admin.token },
      )
      const { doc } = await json<{ doc: { createdAt: string; updatedAt: string } }>(response)

      expect(response.status).toBe(201)
      expect(doc.createdAt.startsWith('2001')).toBe(false)
      expect(doc.updatedAt.startsWith('2001')).toBe(false)
    })

    it('should refuse fractions in whole-number block settings and over-long slugs with a 400', async () => {
      const page = (layout: object[], slug = 'hello') =>
        app.rest.post(`/${slugs.pages}`, { layout, slug, title: 'Hello' }, { token: admin.token })

      const gallery = await page([{ blockType: 'gallery', columns: 2.5, images: [] }])
      const eventList = await page([{ blockType: 'eventList', count: 2.5 }])
      const longSlug = await page([], 'a'.repeat(3000))

      expect([gallery.status, eventList.status, longSlug.status]).toEqual([400, 400, 400])
    })

    it('should refuse a javascript: link in any rich text, the form builder included', async () => {
      const response = await app.rest.post(
        `/${slugs.forms}`,
        {
          confirmationMessage: {
            root: {
              children: [
                {
                  children: [{ fields: { url: 'javascript:alert(1)' }, type: 'link' }],
                  type: 'paragraph',
                },
              ],
              type: 'root',
            },
          },
          confirmationType: 'message',
          fields: [],
          title: 'Sneaky',
        },
        { token: admin.token },
      )

      expect(response.status).toBe(400)
      expect(await firstErrorMessage(response)).toMatch(/links may use http\(s\)/)
    })
  })

  describe('GraphQL cost', () => {
    it('should refuse 400 aliased counts with a 400 naming the limit', async () => {
      const aliases = Array.from({ length: 400 }, (_, i) => `v${i}: Venues { totalDocs }`)

      const response = await app.graphql(`{ ${aliases.join(' ')} }`)
      const body = await json<{ errors: { message: string }[] }>(response)

      expect(response.status).toBe(400)
      expect(body.errors[0]?.message).toMatch(/more than 20 aliased fields/)
    })

    it('should refuse a fragment bomb and deep selections without expanding them', async () => {
      const fragments = Array.from(
        { length: 30 },
        (_, i) => `fragment F${i} on Venue { ...F${i + 1} ...F${i + 1} }`,
      ).join(' ')
      const bomb = `{ Venues { docs { ...F0 } } } ${fragments} fragment F30 on Venue { name }`

      const response = await app.graphql(bomb)

      expect(response.status).toBe(400)
      expect((await json<{ errors: { message: string }[] }>(response)).errors[0]?.message).toMatch(
        /more than 500 fields/,
      )
    })

    it('should still answer an ordinary query and introspection', async () => {
      const plain = await app.graphql('{ Venues(limit: 5) { docs { name } totalDocs } }')
      const introspection = await app.graphql('{ __schema { types { name fields { name } } } }')

      expect([plain.status, introspection.status]).toEqual([200, 200])
    })
  })

  describe("Payload's internal collections", () => {
    it('should keep customers away from folders and document locks', async () => {
      const folder = await app.payload.create({
        collection: 'payload-folders',
        data: { folderType: ['media'], name: 'Logos' },
      })

      const create = await app.rest.post(
        '/payload-folders',
        { name: 'Mine' },
        { token: user.token },
      )
      const remove = await app.rest.delete(`/payload-folders/${folder.id}`, { token: user.token })
      const organizerCreate = await app.rest.post(
        '/payload-folders',
        { name: 'Mine' },
        { token: organizer.token },
      )
      const lock = await app.rest.post(
        '/payload-locked-documents',
        { globalSlug: 'site-settings', user: { relationTo: 'users', value: admin.id } },
        { token: user.token },
      )

      expect([create.status, remove.status, organizerCreate.status, lock.status]).toEqual([
        403, 403, 403, 403,
      ])
      expect((await app.payload.count({ collection: 'payload-folders' })).totalDocs).toBe(1)
    })

    it("should let an account delete its own preference (Payload's delete answered 500)", async () => {
      await app.rest.post(
        '/payload-preferences/nav',
        { value: { open: true } },
        { token: user.token },
      )

      const others = await app.rest.delete('/payload-preferences/nav', { token: admin.token })
      const own = await app.rest.delete('/payload-preferences/nav', { token: user.token })
      const again = await app.rest.delete('/payload-preferences/nav', { token: user.token })

      expect([others.status, own.status, again.status]).toEqual([404, 200, 404])
    })

    it("should make an organizer's lock their own whatever the body says", async () => {
      const response = await app.rest.post(
        '/payload-locked-documents',
        { globalSlug: 'site-settings', user: { relationTo: 'users', value: admin.id } },
        { token: organizer.token },
      )
      const { doc } = await json<{ doc: { user: { value: { id: string } | string } } }>(response)
      const holder = doc.user.value

      expect(response.status).toBe(201)
      expect(typeof holder === 'string' ? holder : holder.id).toBe(organizer.id)
    })
  })
})
