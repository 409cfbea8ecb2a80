import { beforeAll, beforeEach, describe, expect, it } from 'vitest'

import type { SiteSetting } from '../payload-types'
import { getPublicSettings } from 'payload-events-cms/site'
import { globalSlugs } from 'payload-events-cms'
import { ACCOUNT_TABLES, type Actor, createActors, json } from './helpers/fixtures'
import { useTestApp } from './helpers/testApp'

const PATH = `/globals/${globalSlugs.siteSettings}`
const SECRET = 'bookings-team@internal.example.com'

const fullSettings = {
  appearance: { customCss: 'body { margin: 0 }', primaryColor: '#112233', secondaryColor: '#abc' },
  contact: {
    address: 'Hafenstr. 1, Hamburg',
    businessHours: [{ days: 'Mon-Fri', hours: '09:00-17:00' }],
    phone: '+49 40 123456',
  },
  general: {
    contactEmail: 'hello@example.com',
    maintenanceMode: false,
    siteDescription: 'Concerts by the harbour',
    siteName: 'Harbour Hall',
    supportEmail: 'help@example.com',
  },
  private: {
    bookingNotificationRecipients: [{ email: SECRET }],
    internalNotes: 'door code K4711Q',
  },
  seo: { analyticsId: 'G-ABC123', defaultMetaDescription: 'Live music in Hamburg' },
  social: { instagram: 'https://instagram.com/harbourhall', x: 'https://x.com/harbourhall' },
}

describe('site settings', () => {
  let actors: Awaited<ReturnType<typeof createActors>>
  let admin: Actor

  const app = useTestApp()

  beforeAll(async () => {
    actors = await createActors(app)
    admin = actors.admin
  })

  beforeEach(async () => {
    await app.reset({ keep: ACCOUNT_TABLES })
    const response = await app.rest.post(PATH, fullSettings, admin)
    expect(response.status).toBe(200)
  })

  it('should give admins every group, private values included', async () => {
    const settings = await json<SiteSetting>(await app.rest.get(PATH, admin))
    expect(settings).toMatchObject(fullSettings)
  })

  it('should never return private values to anyone else, over REST or GraphQL', async () => {
    for (const token of [undefined, actors.user.token, actors.organizer.token]) {
      const rest = await app.rest.get(PATH, token ? { token } : {})
      expect(rest.status).toBe(200)
      const body = await json<SiteSetting>(rest)
      expect(body.general.siteName).toBe('Harbour Hall')
      expect(body.social?.x).toBe('https://x.com/harbourhall')
      expect(JSON.stringify(body)).not.toContain(SECRET)
      expect(JSON.stringify(body)).not.toContain('K4711Q')

      const graphql = await app.graphql(
        `{ SiteSetting { general { siteName } private { internalNotes bookingNotificationRecipients { email } } } }`,
        token ? { token } : {},
      )
      const text = JSON.stringify(await graphql.json())
      expect(text).toContain('Harbour Hall')
      expect(text).not.toContain(SECRET)
      expect(text).not.toContain('K4711Q')
    }
    expect(JSON.stringify(await getPublicSettings<SiteSetting>(app.payload))).not.toContain(SECRET)
    const cachedEndpoint = await app.rest.get(`${PATH}/public`, admin)
    expect(cachedEndpoint.status).toBe(200)
    const publicBody = JSON.stringify(await cachedEndpoint.json())
    expect(publicBody).toContain('Harbour Hall')
    expect(publicBody).not.toContain(SECRET)
  })

  it('should refuse bad colours, URLs, emails and CSS with a 400 naming the field', async () => {
    const cases: [object, RegExp][] = [
      [{ appearance: { primaryColor: 'blue' } }, /Primary colour must be a hex colour/],
      [{ social: { facebook: 'facebook.com/me' } }, /Facebook URL must be a full http\(s\) URL/],
      [{ general: { contactEmail: 'not-an-email' } }, /Contact email must be an email address/],
      [{ appearance: { customCss: '</style><script>alert(1)</script>' } }, /Custom CSS/],
      [{ seo: { analyticsId: 'G-1 OR 1=1' } }, /Analytics ID/],
    ]
    for (const [data, message] of cases) {
      const response = await app.rest.post(PATH, data, admin)
      expect(response.status).toBe(400)
      expect(JSON.stringify(await response.json())).toMatch(message)
    }
    const settings = await json<SiteSetting>(await app.rest.get(PATH, admin))
    expect(settings.appearance?.primaryColor).toBe('#112233')
  })

  it('should let only admins change settings', async () => {
    const response = await app.rest.post(
      PATH,
      { general: { siteName: 'Taken over' } },
      actors.organizer,
    )
    expect(response.status).toBe(403)
  })

  it('should serve public settings from the cache and show a change on the next read', async () => {
    expect((await getPublicSettings<SiteSetting>(app.payload)).general.siteName).toBe(
      'Harbour Hall',
    )
    await app.rest.post(PATH, { general: { siteName: 'Harbour Hall II' } }, admin)
    expect((await getPublicSettings<SiteSetting>(app.payload)).general.siteName).toBe(
      'Harbour Hall II',
    )
  })
})
