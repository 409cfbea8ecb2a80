/**
 * The visitor's site end to end in real Chromium against the production build: find an event
 * through a filter, sign up, confirm the address from the mail, sign in, book two ticket types by
 * keyboard (a double click makes one booking), pay with the test provider, see the tickets with
 * their QR codes, cancel a booking (seats freed once), join a sold-out event's waiting list, and
 * the account pages. Every page it visits is checked with axe-core (no serious or critical
 * violation) and at 390 px (nothing wider than the screen); screenshots of every step at desktop
 * and phone width go to tests/artifacts/e2e/visitor/. A second pass books without JavaScript.
 */
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'

import pg from 'pg'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { type E2eApp, rootDir, startE2eApp } from './e2eApp'

const artifacts = path.join(rootDir, 'tests', 'artifacts', 'e2e', 'visitor')
const port = Number(process.env.E2E_VISITOR_PORT ?? 3198)
const axeSource = fs.readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
)

const DESKTOP = { height: 900, width: 1280 }
const PHONE = { height: 844, width: 390 }
const visitor = {
  email: 'Vera.Visitor@Example.com',
  name: 'Vera Visitor',
  password: 'a-visitor-passphrase',
}

type Axe = {
  run: (
    options: unknown,
  ) => Promise<{ violations: { id: string; impact: string; nodes: { target: unknown }[] }[] }>
}

describe('a visitor finds, books, pays and manages events on the site (Chromium)', () => {
  let app: E2eApp
  let context: BrowserContext
  let page: Page
  let adminToken = ''
  let step = 0
  const ids: Record<string, string> = {}

  const api = async (method: string, route: string, data?: unknown, token = adminToken) => {
    const response = await fetch(`${app.baseUrl}/api${route}`, {
      body: data === undefined ? undefined : JSON.stringify(data),
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `JWT ${token}` } : {}),
      },
      method,
    })
    return { body: (await response.json()) as Record<string, unknown>, status: response.status }
  }
  const created = async (route: string, data: unknown) => {
    const { body, status } = await api('POST', route, data)
    if (status !== 201) throw new Error(`POST ${route}: ${status} ${JSON.stringify(body)}`)
    return String((body.doc as { id: string }).id)
  }

  /**
   * axe on the page as it is (not where scripts are off: the same pages were checked with them),
   * then screenshots at desktop and phone width (and nothing wider than the phone).
   */
  const visit = async (name: string, on: Page = page, scripts = true) => {
    step += 1
    const file = (width: string) =>
      path.join(artifacts, `${String(step).padStart(2, '0')}-${name}-${width}.png`)
    if (scripts) {
      // Next streams the metadata of dynamic pages: wait for the title to arrive.
      await on.waitForFunction(() => document.title !== '')
      await on.evaluate(axeSource)
      const { violations } = await on.evaluate(() =>
        (window as unknown as { axe: Axe }).axe.run({ resultTypes: ['violations'] }),
      )
      const serious = violations
        .filter(({ impact }) => impact === 'serious' || impact === 'critical')
        .map(({ id, nodes }) => `${id}: ${JSON.stringify(nodes.map(({ target }) => target))}`)
      expect(serious, `axe on ${on.url()}`).toEqual([])
    }
    await on.screenshot({ fullPage: true, path: file('desktop') })
    await on.setViewportSize(PHONE)
    const overflow = await on.evaluate(() => document.documentElement.scrollWidth)
    expect(overflow, `page width at 390 px on ${on.url()}`).toBeLessThanOrEqual(PHONE.width)
    await on.screenshot({ fullPage: true, path: file('phone') })
    await on.setViewportSize(DESKTOP)
  }

  const dbRows = async <T extends Record<string, unknown>>(
    text: string,
    values: unknown[] = [],
  ) => {
    const client = new pg.Client({ connectionString: app.database.url })
    await client.connect()
    try {
      return (await client.query<T>(text, values)).rows
    } finally {
      await client.end()
    }
  }

  beforeAll(async () => {
    fs.rmSync(artifacts, { force: true, recursive: true })
    fs.mkdirSync(artifacts, { recursive: true })
    app = await startE2eApp({
      env: { MAIL_VERIFY_EMAIL: 'on', PAYMENTS_TEST: 'on' },
      name: 'visitor',
      port,
    })
    const admin = { email: 'site-admin@example.com', password: 'a-long-admin-password' }
    const first = await api('POST', '/users/first-register', admin, '')
    adminToken = String(first.body.token ?? '')
    expect(adminToken).not.toBe('')

    const venue = await created('/venues', {
      address: { city: 'Hamburg', country: 'DE', postalCode: '20457', street: 'Kaiserkai 1' },
      capacity: 500,
      latitude: 53.541,
      longitude: 9.984,
      name: 'Harbour Hall',
      timeZone: 'Europe/Berlin',
    })
    const tag = await created('/tags', { name: 'Jazz', slug: 'jazz' })
    const day = 86_400_000
    const event = (title: string, extra: Record<string, unknown>) => {
      const start = Date.now() + 10 * day
      return created('/events', {
        capacity: 100,
        currency: 'EUR',
        endDate: new Date(start + 3 * 3_600_000).toISOString(),
        price: 0,
        startDate: new Date(start).toISOString(),
        status: 'published',
        title,
        venue,
        ...extra,
      })
    }
    ids.jazz = await event('Harbour Jazz Night', {
      cancellationCutoffHours: 24,
      category: 'concert',
      price: 20,
      tags: [tag],
    })
    ids.standard = await created('/ticket-types', {
      capacity: 80,
      event: ids.jazz,
      name: 'Standard',
      price: 20,
      sortOrder: 0,
    })
    ids.vip = await created('/ticket-types', {
      capacity: 20,
      description: 'Front rows and a drink',
      event: ids.jazz,
      name: 'VIP',
      price: 55,
      sortOrder: 1,
    })
    ids.talk = await event('Free Morning Talk', { capacity: 30, category: 'conference' })
    ids.comedy = await event('Sold Out Comedy', { capacity: 1, category: 'comedy' })
    ids.draft = await event('Secret Draft', { category: 'concert', status: 'draft' })
    // Someone else takes the comedy's only seat.
    const fan = { email: 'early-fan@example.com', password: 'an-early-fan-password' }
    await created('/users', { ...fan, _verified: true })
    const fanToken = String((await api('POST', '/users/login', fan, '')).body.token ?? '')
    expect((await api('POST', '/bookings', { event: ids.comedy, seats: 1 }, fanToken)).status).toBe(
      201,
    )
    // The menus editors manage.
    const saved = await api('POST', '/globals/navigation', {
      footer: [{ kind: 'url', label: 'About us', url: 'https://example.com/about' }],
      header: [
        { kind: 'url', label: 'Events', url: '/events' },
        { event: ids.jazz, kind: 'event', label: 'Jazz night' },
        { kind: 'url', label: 'Appointments', url: '/book' },
      ],
    })
    expect(saved.status).toBe(200)

    context = await app.browser.newContext({ viewport: DESKTOP })
    page = await context.newPage()
    page.setDefaultTimeout(30_000)
  })

  afterAll(async () => {
    await app?.stop()
  })

  it('should find the event through the menu and a filter, with the same results as the API', async () => {
    await page.goto(app.baseUrl, { waitUntil: 'networkidle' })
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Events' })
      .click()
    await page.waitForURL(/\/events$/)
    await expect(page.locator('.event-card h2').allTextContents()).resolves.toEqual([
      'Harbour Jazz Night',
      'Free Morning Talk',
      'Sold Out Comedy',
    ])
    await expect(
      page.locator('[data-event="sold-out-comedy"] .sold-out').textContent(),
    ).resolves.toBe('Sold out')
    await visit('events')

    await page.getByLabel('Category').selectOption('concert')
    await page.getByRole('button', { name: 'Find events' }).click()
    await page.waitForURL(/category=concert/)
    const titles = await page.locator('.event-card h2').allTextContents()
    expect(titles).toEqual(['Harbour Jazz Night'])
    const listed = await fetch(
      `${app.baseUrl}/api/events?${new URLSearchParams({
        'where[category][equals]': 'concert',
        'where[endDate][greater_than_equal]': new Date().toISOString(),
      })}`,
    )
    const fromApi = ((await listed.json()) as { docs: { title: string }[] }).docs.map(
      ({ title }) => title,
    )
    expect(titles).toEqual(fromApi)
    await expect(page.locator('.event-card').textContent()).resolves.toContain('From €20.00')
    await visit('events-filtered')

    // The search box (full text) and the back button.
    await page.getByLabel('Category').selectOption('')
    await page.getByRole('searchbox', { name: 'Search' }).fill('comedy')
    await page.getByRole('button', { name: 'Find events' }).click()
    await page.waitForURL(/q=comedy/)
    await expect(page.locator('.event-card h2').allTextContents()).resolves.toEqual([
      'Sold Out Comedy',
    ])
    await page.goBack()
    await page.waitForURL(/category=concert/)
    await expect(page.locator('.event-card h2').allTextContents()).resolves.toEqual([
      'Harbour Jazz Night',
    ])
  })

  it('should show the event with its ticket types, JSON-LD and Open Graph tags, and 404 a draft', async () => {
    await page.getByRole('link', { name: 'Harbour Jazz Night' }).click()
    await page.waitForURL(/\/events\/harbour-jazz-night$/)
    const ld = JSON.parse(
      (await page.locator('script[type="application/ld+json"]').textContent()) ?? '{}',
    ) as { '@type': string; location: { name: string }; offers: { price: string }[] }
    expect(ld['@type']).toBe('Event')
    expect(ld.location.name).toBe('Harbour Hall')
    expect(ld.offers.map(({ price }) => price)).toEqual(['20', '55'])
    await expect(page.locator('meta[property="og:title"]').getAttribute('content')).resolves.toBe(
      'Harbour Jazz Night',
    )
    await expect(page.locator('.facts').textContent()).resolves.toMatch(/CES?T|GMT\+1|GMT\+2/)
    await expect(page.locator('[data-ticket-type]').count()).resolves.toBe(2)
    await visit('event')
    const draft = await fetch(`${app.baseUrl}/events/secret-draft`)
    expect(draft.status).toBe(404)
  })

  it('should ask for an account at Book, sign up, confirm the address from the mail and come back', async () => {
    // Keyboard only: focus the first quantity, type, Tab to the next, Enter submits.
    await page.getByLabel('How many Standard').focus()
    await page.keyboard.press('Control+A')
    await page.keyboard.type('2')
    await page.keyboard.press('Tab')
    await page.keyboard.press('Control+A')
    await page.keyboard.type('1')
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/account\/sign-in\?/)
    expect(new URL(page.url()).searchParams.get('next')).toBe('/events/harbour-jazz-night')
    await visit('sign-in-to-book')

    await page.getByRole('link', { name: 'Create an account' }).click()
    await page.getByLabel('Name').fill(visitor.name)
    await page.getByLabel('E-mail address').fill(visitor.email)
    await page.getByLabel(/^Password/).fill(visitor.password)
    await visit('sign-up')
    await page.getByRole('button', { name: 'Create account' }).click()
    await page
      .getByRole('status')
      .getByText(/confirm your address/)
      .waitFor()
    // Not confirmed yet: signing in is refused with a reason.
    await page.getByLabel('E-mail address').fill(visitor.email)
    await page.getByLabel('Password').fill(visitor.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page
      .getByRole('alert')
      .getByText(/Confirm your e-mail address first/)
      .waitFor()

    // The confirmation mail (the dev mailbox) links to the site's page.
    const [mail] = await dbRows<{ text: string }>(
      `SELECT coalesce(text, html) AS text FROM mails WHERE lower("to") LIKE $1 ORDER BY created_at DESC`,
      [`%${visitor.email.toLowerCase()}%`],
    )
    const link = /https?:\/\/[^\s"<>]+\/account\/verify\?token=[\w-]+/.exec(mail?.text ?? '')?.[0]
    expect(link, 'the verification link in the mail').toBeTruthy()
    await page.goto(String(link), { waitUntil: 'networkidle' })
    await visit('verify')
    await page.getByRole('button', { name: 'Confirm my address' }).click()
    await page
      .getByRole('status')
      .getByText(/confirmed/)
      .waitFor()

    await page.goto(
      `${app.baseUrl}/account/sign-in?next=${encodeURIComponent('/events/harbour-jazz-night')}`,
    )
    await page.getByLabel('E-mail address').fill(visitor.email)
    await page.getByLabel('Password').fill(visitor.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL(/\/events\/harbour-jazz-night$/)
    await expect(page.getByRole('link', { name: 'My bookings' }).count()).resolves.toBe(1)
  })

  it('should book two ticket types once for a double click, pay with the test provider and show the tickets', async () => {
    await page.getByLabel('How many Standard').fill('2')
    await page.getByLabel('How many VIP').fill('1')
    await page.getByRole('button', { name: 'Book' }).dblclick()
    await page.waitForURL(/\/bookings\/[\w-]+$/)
    await expect(page.locator('[data-status]').getAttribute('data-status')).resolves.toBe('pending')
    await expect(page.locator('[data-total]').textContent()).resolves.toBe('€95.00')
    await page.getByRole('timer').waitFor()
    // Back to the form it was rendered with, submitted again: the same booking.
    const bookingUrl = page.url()
    await page.goBack()
    await page.waitForURL(/\/events\/harbour-jazz-night$/)
    await page.getByLabel('How many Standard').fill('2')
    await page.getByLabel('How many VIP').fill('1')
    await page.getByRole('button', { name: 'Book' }).click()
    await page.waitForURL(bookingUrl)
    await visit('hold')
    const [row] = await dbRows<{ count: string }>(
      `SELECT count(*)::text AS count FROM bookings b JOIN users u ON u.id = b.user_id WHERE u.email = $1`,
      [visitor.email.toLowerCase()],
    )
    expect(row?.count).toBe('1')

    await page.getByRole('button', { name: /^Pay / }).click()
    await page.waitForURL(/\/api\/payments\/test\/checkout/)
    await visit('test-checkout')
    await page.getByRole('button', { name: 'Pay', exact: true }).click()
    await page.waitForURL(/payment=done/)
    await expect(page.locator('[data-status]').getAttribute('data-status')).resolves.toBe(
      'confirmed',
    )
    await expect(page.locator('.ticket').count()).resolves.toBe(3)
    await expect(page.locator('.ticket .qr svg').count()).resolves.toBe(3)
    await expect(page.locator('[data-payment-status="succeeded"]').count()).resolves.toBe(1)
    await visit('tickets')

    await page.getByRole('link', { name: 'My bookings' }).click()
    await expect(page.locator('[data-booking] [data-status]').allTextContents()).resolves.toEqual([
      'confirmed',
    ])
    await visit('my-bookings')
  })

  it('should book a free event and cancel it, freeing the seat once', async () => {
    await page.goto(`${app.baseUrl}/events/free-morning-talk`)
    await page.getByRole('button', { name: 'Book' }).click()
    await page.waitForURL(/\/bookings\/[\w-]+$/)
    await expect(page.locator('[data-status]').getAttribute('data-status')).resolves.toBe(
      'confirmed',
    )
    const seats = async () =>
      ((await api('GET', `/events/${ids.talk}`, undefined, '')).body as { seatsAvailable: number })
        .seatsAvailable
    expect(await seats()).toBe(29)
    await page.getByRole('button', { name: 'Cancel this booking' }).click()
    await page
      .getByRole('status')
      .getByText(/Cancelled/)
      .waitFor()
    await expect(page.locator('[data-status]').getAttribute('data-status')).resolves.toBe(
      'cancelled',
    )
    expect(await seats()).toBe(30)
    await visit('cancelled')
  })

  it('should put the visitor on the waiting list of a sold-out event', async () => {
    await page.goto(`${app.baseUrl}/events/sold-out-comedy`)
    await page.getByRole('heading', { exact: true, name: 'Sold out' }).waitFor()
    await page.getByRole('button', { name: 'Join the waiting list' }).click()
    await page
      .getByRole('status')
      .getByText(/on the waiting list/)
      .waitFor()
    await visit('waiting-list')
    const [entry] = await dbRows<{ status: string }>(
      `SELECT w.status::text AS status FROM waiting_list w JOIN users u ON u.id = w.user_id WHERE u.email = $1`,
      [visitor.email.toLowerCase()],
    )
    expect(entry?.status).toBe('waiting')
  })

  it('should let a guest join with an e-mail address and confirm it from the mail', async () => {
    const allowed = await api('PATCH', `/events/${ids.comedy}`, { waitingListGuests: true })
    expect(allowed.status).toBe(200)
    const guest = await app.browser.newContext({ viewport: DESKTOP })
    const tab = await guest.newPage()
    await tab.goto(`${app.baseUrl}/events/sold-out-comedy`)
    await tab.getByLabel('Your e-mail address').fill('Guest.Fan@Example.com')
    await tab.getByRole('button', { name: 'Join the waiting list' }).click()
    await tab
      .getByRole('status')
      .getByText(/Confirm your address from it/)
      .waitFor()
    const [mail] = await dbRows<{ text: string }>(
      `SELECT text FROM mails WHERE kind = 'waitlist-confirm' AND "to" = 'guest.fan@example.com'`,
    )
    const link = /https?:\/\/\S+\/waiting-list\/confirm\?\S+/.exec(mail?.text ?? '')?.[0]
    expect(link, 'the confirmation link in the mail').toBeTruthy()
    await tab.goto(String(link))
    await tab.getByRole('heading', { name: 'Waiting list: Sold Out Comedy' }).waitFor()
    await visit('guest-confirm', tab)
    await tab.getByRole('button', { name: 'Confirm my place in line' }).click()
    await tab
      .getByRole('status')
      .getByText(/Confirmed: you are on the waiting list/)
      .waitFor()
    await tab.getByText(/We made you an account with this address/).waitFor()
    const [entry] = await dbRows<{ status: string }>(
      `SELECT w.status::text AS status FROM waiting_list w JOIN users u ON u.id = w.user_id WHERE u.email = 'guest.fan@example.com'`,
    )
    expect(entry?.status).toBe('waiting')
    await guest.close()
  })

  it('should edit the profile, export the data and sign out', async () => {
    await page.goto(`${app.baseUrl}/account`)
    await page.getByLabel('Phone').fill('+49 40 1234567')
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByRole('status').getByText('Saved.').waitFor()
    await visit('account')
    const exported = await page.request.get(`${app.baseUrl}/api/users/me/export`)
    expect(exported.status()).toBe(200)
    expect(JSON.stringify(await exported.json())).toContain('+49 40 1234567')
    const token = (await context.cookies()).find(({ name }) => name === 'payload-token')?.value
    expect(token).toBeTruthy()
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.getByRole('link', { name: 'Sign in' }).waitFor()
    // The session ended on the server too: the old token no longer signs anyone in.
    const me = await fetch(`${app.baseUrl}/api/users/me`, {
      headers: { authorization: `JWT ${token}` },
    })
    expect(((await me.json()) as { user: unknown }).user).toBeNull()
  })

  it('should only return to paths of this site after signing in', async () => {
    for (const next of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
      await page.goto(`${app.baseUrl}/account/sign-in?next=${encodeURIComponent(next)}`)
      await page.getByLabel('E-mail address').fill(visitor.email)
      await page.getByLabel('Password').fill(visitor.password)
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.waitForURL(`${app.baseUrl}/account`)
      await page.getByRole('button', { name: 'Sign out' }).click()
      await page.getByRole('link', { name: 'Sign in' }).waitFor()
    }
  })

  it('should not show words a crafted link puts in the URL', async () => {
    const words = 'Your account is closed: call +1 555 0100.'
    await page.goto(
      `${app.baseUrl}/account/sign-in?${new URLSearchParams({ notice: words, problem: words })}`,
    )
    await page.getByRole('button', { name: 'Sign in' }).waitFor()
    await expect(page.getByText(words).count()).resolves.toBe(0)
    await page.goto(`${app.baseUrl}/events/sold-out-comedy?waitlist=${encodeURIComponent(words)}`)
    await page.getByRole('heading', { exact: true, name: 'Sold out' }).waitFor()
    await expect(page.getByText(words).count()).resolves.toBe(0)
  })

  it('should work without JavaScript: filter, sign in, book', async () => {
    const noScript = await app.browser.newContext({ javaScriptEnabled: false, viewport: DESKTOP })
    const bare = await noScript.newPage()
    await bare.goto(`${app.baseUrl}/events`)
    await bare.getByLabel('Category').selectOption('conference')
    await bare.getByRole('button', { name: 'Find events' }).click()
    await bare.waitForURL(/category=conference/)
    await expect(bare.locator('.event-card h2').allTextContents()).resolves.toEqual([
      'Free Morning Talk',
    ])
    await bare.goto(
      `${app.baseUrl}/account/sign-in?next=${encodeURIComponent('/events/free-morning-talk')}`,
    )
    await bare.getByLabel('E-mail address').fill(visitor.email)
    await bare.getByLabel('Password').fill(visitor.password)
    await bare.getByRole('button', { name: 'Sign in' }).click()
    await bare.waitForURL(/\/events\/free-morning-talk$/)
    await bare.getByRole('button', { name: 'Book' }).click()
    await bare.waitForURL(/\/bookings\/[\w-]+$/)
    await expect(bare.locator('[data-status]').getAttribute('data-status')).resolves.toBe(
      'confirmed',
    )
    await visit('booked-without-javascript', bare, false)
    await noScript.close()
  })

  it('should list published pages and events in sitemap.xml and name it in robots.txt', async () => {
    const sitemap = await (await fetch(`${app.baseUrl}/sitemap.xml`)).text()
    expect(sitemap).toContain(`${app.baseUrl}/events/harbour-jazz-night`)
    expect(sitemap).not.toContain('secret-draft')
    const robots = await (await fetch(`${app.baseUrl}/robots.txt`)).text()
    expect(robots).toContain(`Sitemap: ${app.baseUrl}/sitemap.xml`)
  })
})
