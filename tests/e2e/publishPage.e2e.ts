/**
 * End to end in real Chromium (Debian `chromium`, driven by playwright-core): the first admin signs
 * up in /admin, builds a page from a hero and a rich-text block, publishes it and finds it rendered
 * on the public site. Runs against the production build (`npm run build` first) on its own
 * throwaway PostgreSQL. Screenshots of every step go to tests/artifacts/e2e/editor/.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { zonedClock } from 'payload-events-cms/site'

import { type E2eApp, rootDir, startE2eApp } from './e2eApp'

const artifacts = path.join(rootDir, 'tests', 'artifacts', 'e2e', 'editor')
const port = Number(process.env.E2E_PORT ?? 3197)

describe('editor publishes a page (Chromium)', () => {
  let app: E2eApp
  let baseUrl: string
  let browser: Browser
  let page: Page
  let step = 0

  const shot = async (name: string) => {
    step += 1
    await page.screenshot({
      fullPage: true,
      path: path.join(artifacts, `${String(step).padStart(2, '0')}-${name}.png`),
    })
  }

  beforeAll(async () => {
    fs.rmSync(artifacts, { force: true, recursive: true })
    fs.mkdirSync(artifacts, { recursive: true })
    app = await startE2eApp({ name: 'editor', port })
    ;({ baseUrl, browser } = app)
    // A context of its own, so the preview tab below shares the admin's login cookie.
    const editorContext = await browser.newContext({ viewport: { height: 900, width: 1400 } })
    page = await editorContext.newPage()
    page.setDefaultTimeout(30_000)
  })

  afterAll(async () => {
    await app?.stop()
  })

  it('should sign up, build a page with a hero and rich text, publish it and see it on the site', async () => {
    await page.goto(`${baseUrl}/admin`, { waitUntil: 'networkidle' })
    await page.waitForURL(/create-first-user/)
    await page.locator('#field-email').fill('editor@example.com')
    await page.locator('#field-password').fill('a-long-e2e-password')
    await page.locator('#field-confirm-password').fill('a-long-e2e-password')
    await shot('create-first-user')
    await page.locator('button[type="submit"]').click()
    await page.waitForURL((url) => url.pathname === '/admin' || url.pathname === '/admin/')
    await shot('dashboard')

    await page.goto(`${baseUrl}/admin/collections/pages/create`, { waitUntil: 'networkidle' })
    await page.locator('#field-title').fill('Summer Festival')

    await page
      .getByRole('button', { name: /add layout/i })
      .first()
      .click()
    // The picker's buttons are named by their picture's description, then the block's label.
    await page.getByRole('button', { name: /hero$/i }).click()
    await page.locator('#field-layout__0__heading').fill('Sun, music and the sea')
    await page.locator('#field-layout__0__subheading').fill('Three days on the harbour')

    await page
      .getByRole('button', { name: /add layout/i })
      .first()
      .click()
    await page.getByRole('button', { name: /rich text$/i }).click()
    const editor = page.locator('#layout-row-1 [contenteditable="true"]').first()
    await editor.click()
    await page.keyboard.type('Tickets go on sale in March. Bring your friends!')
    await page.waitForTimeout(1500)
    await shot('page-built')

    await page.getByRole('button', { name: /publish changes/i }).click()
    await page
      .getByText(/published successfully|updated successfully/i)
      .first()
      .waitFor()
    await shot('published')

    // The audit log says the page was made in the admin panel (REST or server functions alike).
    const audit = await page.request.get(
      `${baseUrl}/api/audit-logs?where[collection][equals]=pages&limit=100`,
    )
    const { docs } = (await audit.json()) as { docs: { action: string; origin: string }[] }
    expect(docs.length).toBeGreaterThan(0)
    expect(docs.map((row) => `${row.action}:${row.origin}`)).toEqual(
      docs.map((row) => `${row.action}:admin`),
    )

    // The public site renders the published page from its slug.
    const site = await browser.newPage({ viewport: { height: 900, width: 1280 } })
    const response = await site.goto(`${baseUrl}/summer-festival`, { waitUntil: 'networkidle' })
    expect(response?.status()).toBe(200)
    await expect(site.locator('[data-block="hero"] h1').textContent()).resolves.toBe(
      'Sun, music and the sea',
    )
    await expect(site.locator('[data-block="richText"]').textContent()).resolves.toContain(
      'Tickets go on sale in March.',
    )
    await site.screenshot({
      fullPage: true,
      path: path.join(artifacts, `${String(++step).padStart(2, '0')}-site.png`),
    })
    await site.close()
  })

  it('should show the editor an autosaved draft in the preview while visitors keep the published page', async () => {
    // Still on the page's edit view in the admin (same browser context, so logged in).
    const heading = page.locator('#field-layout__0__heading')
    await heading.fill('Tickets on sale now')
    await page
      .getByText(/last saved/i)
      .first()
      .waitFor()
    await page.waitForTimeout(2500) // autosave interval, then the save itself

    const preview = await page.context().newPage()
    await preview.goto(`${baseUrl}/summer-festival?preview=true`, { waitUntil: 'networkidle' })
    await expect(preview.locator('[data-block="hero"] h1').textContent()).resolves.toBe(
      'Tickets on sale now',
    )
    await preview.screenshot({
      path: path.join(artifacts, `${String(++step).padStart(2, '0')}-preview.png`),
    })
    await preview.close()

    const visitor = await browser.newContext()
    const anonymous = await visitor.newPage()
    await anonymous.goto(`${baseUrl}/summer-festival?preview=true`, { waitUntil: 'networkidle' })
    await expect(anonymous.locator('[data-block="hero"] h1').textContent()).resolves.toBe(
      'Sun, music and the sea',
    )
    await visitor.close()

    // The cached REST fast path (a Next.js route in front of Payload) serves the published page too.
    const api = await fetch(`${baseUrl}/api/pages/published/summer-festival`)
    expect(api.status).toBe(200)
    const published = (await api.json()) as { layout: { heading?: string }[] }
    expect(published.layout[0]?.heading).toBe('Sun, music and the sea')
    expect((await fetch(`${baseUrl}/api/pages/published/nope`)).status).toBe(404)
    const settings = await fetch(`${baseUrl}/api/globals/site-settings/public`)
    expect(
      ((await settings.json()) as { general: { siteName: string } }).general.siteName,
    ).toBeTruthy()
  })

  it('should ask a visitor before loading analytics, and keep the choice in a cookie only', async () => {
    // The admin (this page's context) sets an analytics ID in the site settings.
    const saved = await page.request.post(`${baseUrl}/api/globals/site-settings`, {
      data: { seo: { analyticsId: 'G-E2ETEST1' } },
    })
    expect(saved.status()).toBe(200)

    const visit = async (choice: 'Accept analytics' | 'Decline') => {
      const context = await browser.newContext()
      // The analytics script, answered here (no internet): what matters is whether it is asked for.
      const requested: string[] = []
      await context.route('https://www.googletagmanager.com/**', (route) => {
        requested.push(route.request().url())
        return route.fulfill({ body: '', contentType: 'text/javascript' })
      })
      const visitor = await context.newPage()
      await visitor.goto(`${baseUrl}/summer-festival`, { waitUntil: 'networkidle' })
      const banner = visitor.getByRole('dialog', { name: 'Cookie consent' })
      await banner.waitFor()
      expect(requested).toEqual([])
      await visitor.screenshot({
        path: path.join(artifacts, `${String(++step).padStart(2, '0')}-consent.png`),
      })
      await banner.getByRole('button', { name: choice }).click()
      await banner.waitFor({ state: 'detached' })
      const cookie = (await context.cookies()).find(({ name }) => name === 'analytics_consent')
      expect(cookie?.value).toBe(choice === 'Decline' ? 'denied' : 'granted')
      // Remembered: no banner after a reload, only the way back to it.
      await visitor.reload({ waitUntil: 'networkidle' })
      await visitor.getByRole('button', { name: 'Cookie settings' }).waitFor()
      expect(await banner.count()).toBe(0)
      await context.close()
      return requested
    }
    const accepted = await visit('Accept analytics')
    expect(accepted.length).toBeGreaterThan(0)
    expect(accepted[0]).toContain('id=G-E2ETEST1')
    expect(await visit('Decline')).toEqual([])
  })

  it('should offer the admin export and erase buttons on an account, and export it', async () => {
    const created = await fetch(`${baseUrl}/api/users`, {
      body: JSON.stringify({ email: 'visitor@example.com', password: 'a-visitor-password' }),
      headers: { 'content-type': 'application/json' },
      method: 'POST',
    })
    expect(created.status).toBe(201)
    const { doc } = (await created.json()) as { doc: { id: string } }
    await page.goto(`${baseUrl}/admin/collections/users/${doc.id}`, { waitUntil: 'networkidle' })
    const download = page.getByRole('link', { name: 'Download personal data' })
    await download.waitFor()
    await expect(page.getByRole('button', { name: /erase personal data/i }).count()).resolves.toBe(
      1,
    )
    await page.screenshot({
      path: path.join(artifacts, `${String(++step).padStart(2, '0')}-account-actions.png`),
    })
    const href = (await download.getAttribute('href')) ?? ''
    const exported = await page.request.get(new URL(href, baseUrl).toString())
    expect(exported.status()).toBe(200)
    expect(((await exported.json()) as { account: { email: string } }).account.email).toBe(
      'visitor@example.com',
    )
  })

  it("should show an audit row's changes and the history panel's values without anything from the internet", async () => {
    const outside: string[] = []
    const watch = (request: { url: () => string }) => {
      const { hostname } = new URL(request.url())
      if (!['127.0.0.1', 'localhost'].includes(hostname)) outside.push(request.url())
    }
    page.context().on('request', watch)
    // The row that gave the page its title: the create, or (when autosave created the draft
    // before the title was typed) the first update.
    const rows = await page.request.get(
      `${baseUrl}/api/audit-logs?where[collection][equals]=pages&sort=createdAt&limit=50`,
    )
    const { docs } = (await rows.json()) as {
      docs: { changes?: { title?: { to?: unknown } }; documentId: string; id: string }[]
    }
    const created = docs.find(({ changes }) => changes?.title?.to === 'Summer Festival')
    expect(created).toBeDefined()

    await page.goto(`${baseUrl}/admin/collections/audit-logs/${created?.id}`, {
      waitUntil: 'networkidle',
    })
    const table = page.locator('table.audit-changes')
    await table.waitFor()
    const titleRow = table
      .locator('tr')
      .filter({ has: page.locator('td:first-child', { hasText: /^title$/ }) })
    await expect(titleRow.locator('td').allTextContents()).resolves.toEqual([
      'title',
      '—',
      'Summer Festival',
    ])
    await page.screenshot({
      path: path.join(artifacts, `${String(++step).padStart(2, '0')}-audit-row.png`),
    })

    await page.goto(`${baseUrl}/admin/collections/pages/${created?.documentId}`, {
      waitUntil: 'networkidle',
    })
    const history = page.locator('details.audit-history__changes').first()
    await history.locator('summary').click()
    await expect(history.locator('table.audit-changes td').count()).resolves.toBeGreaterThan(2)
    await page.screenshot({
      path: path.join(artifacts, `${String(++step).padStart(2, '0')}-history-values.png`),
    })
    page.context().off('request', watch)
    expect(outside).toEqual([])
  })

  it('should check a ticket in at the door from a photo of its QR code, once, and list the attendee', async () => {
    // As the admin (this page's session): a free event starting in an hour, doors open.
    const post = async (route: string, data: unknown, token?: string) => {
      const response = await fetch(`${baseUrl}/api${route}`, {
        body: JSON.stringify(data),
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `JWT ${token}` } : {}),
        },
        method: 'POST',
      })
      return (await response.json()) as Record<string, unknown> & { doc?: { id: string } }
    }
    const venue = await page.request.post(`${baseUrl}/api/venues`, {
      data: { address: { city: 'Hamburg' }, capacity: 300, name: 'Door Hall' },
    })
    const venueId = ((await venue.json()) as { doc: { id: string } }).doc.id
    const start = Date.now() + 3_600_000
    const created = await page.request.post(`${baseUrl}/api/events`, {
      data: {
        capacity: 100,
        endDate: new Date(start + 7_200_000).toISOString(),
        price: 0,
        startDate: new Date(start).toISOString(),
        status: 'published',
        title: 'Door Night',
        venue: venueId,
      },
    })
    const eventId = ((await created.json()) as { doc: { id: string } }).doc.id
    // A customer books a named ticket and gets its QR code.
    const customer = { email: 'door-guest@example.com', password: 'a-door-guest-password' }
    await post('/users', customer)
    const { token } = (await post('/users/login', customer)) as { token: string }
    const booking = await post(
      '/bookings',
      { event: eventId, lines: [{ attendees: ['Greta Gast'], quantity: 1 }] },
      token,
    )
    const tickets = (await (
      await fetch(`${baseUrl}/api/bookings/${booking.doc?.id}/tickets`, {
        headers: { authorization: `JWT ${token}` },
      })
    ).json()) as { tickets: { code: string; qr: { png: string } }[] }
    const [ticket] = tickets.tickets
    const png = await fetch(`${baseUrl}${ticket?.qr.png}`, {
      headers: { authorization: `JWT ${token}` },
    })
    const photo = path.join(os.tmpdir(), `events-cms-e2e-ticket-${process.pid}.png`)
    fs.writeFileSync(photo, Buffer.from(await png.arrayBuffer()))

    await page.goto(`${baseUrl}/admin/check-in`, { waitUntil: 'networkidle' })
    await page.getByLabel('Event').selectOption(eventId)
    await page.getByLabel('Gate').fill('Main door')
    await page.getByLabel('Scan from a photo').setInputFiles(photo)
    const outcome = page.locator('.check-in-desk__outcome')
    await expect(outcome.textContent()).resolves.toBeTruthy()
    await page.getByText(/Admitted/).waitFor()
    await expect(outcome.getAttribute('class')).resolves.toContain('--in')
    await page.screenshot({
      path: path.join(artifacts, `${String(++step).padStart(2, '0')}-check-in-admitted.png`),
    })

    await page.getByLabel('Ticket code or booking reference').fill(String(ticket?.code))
    await page.getByRole('button', { name: 'Check in' }).click()
    await page.getByText(/Already checked in at .*Main door/).waitFor()
    await expect(outcome.getAttribute('class')).resolves.toContain('--refused')
    await page.screenshot({
      path: path.join(artifacts, `${String(++step).padStart(2, '0')}-check-in-refused.png`),
    })

    await page.goto(`${baseUrl}/admin/attendees?event=${eventId}`, { waitUntil: 'networkidle' })
    const row = page.locator('.attendee-list__table tbody tr', { hasText: 'Greta Gast' })
    await row.waitFor()
    await expect(row.textContent()).resolves.toContain('Main door')
    await page.screenshot({
      path: path.join(artifacts, `${String(++step).padStart(2, '0')}-attendees.png`),
    })
  })

  it('should book an appointment on the site and show, create and move appointments in the calendar', async () => {
    // As the admin (this page's session): a venue open every day, a service, two rooms.
    const made = async (route: string, data: unknown) =>
      (
        (await (await page.request.post(`${baseUrl}/api${route}`, { data })).json()) as {
          doc: { id: string }
        }
      ).doc.id
    const days = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']
    const venueId = await made('/venues', {
      capacity: 40,
      name: 'Play Centre',
      openingHours: days.map((day) => ({ closes: '18:00', day, opens: '09:00' })),
      timeZone: 'Europe/Berlin',
    })
    const serviceId = await made('/services', {
      currency: 'EUR',
      durationMinutes: 60,
      features: [{ feature: 'Party room' }, { feature: 'Cake' }],
      maxGuests: 12,
      name: 'Birthday party',
      popular: true,
      price: 0,
      published: true,
    })
    // Room A first: a booking for any resource takes it when it is free.
    for (const [sortOrder, name] of ['Room A', 'Room B'].entries()) {
      await made('/resources', {
        kind: 'room',
        name,
        services: [serviceId],
        sortOrder,
        venue: venueId,
      })
    }
    const tomorrow = zonedClock(Date.now() + 86_400_000, 'Europe/Berlin').day

    // The visitor's page: the service, a day, a free time, confirm.
    await page.goto(`${baseUrl}/book`, { waitUntil: 'networkidle' })
    await page.getByRole('link', { name: 'Birthday party' }).click()
    await page.getByLabel('Day', { exact: true }).fill(tomorrow)
    await page.getByRole('button', { name: 'Show times' }).click()
    await page.getByLabel('10:00').check()
    await page.screenshot({
      path: path.join(artifacts, `${String(++step).padStart(2, '0')}-book-times.png`),
    })
    await page.getByRole('button', { name: 'Book this time' }).click()
    await page.getByRole('heading', { name: 'Booked' }).waitFor()
    await expect(page.locator('[data-reference]').textContent()).resolves.toMatch(/^[A-Z2-9]{8}$/)
    await page.screenshot({
      path: path.join(artifacts, `${String(++step).padStart(2, '0')}-booked.png`),
    })

    // Staff see it in the week per resource, book another and move the first.
    await page.goto(`${baseUrl}/admin/appointments?venue=${venueId}`, { waitUntil: 'networkidle' })
    await page.getByLabel('Day', { exact: true }).fill(tomorrow)
    const roomA = page.locator('.appointment-calendar__grid tr', { hasText: 'Room A' })
    await roomA.getByText('10:00-11:00').waitFor()
    const form = page.getByRole('form', { name: 'New appointment' })
    await form.getByLabel('Resource').selectOption({ label: 'Room B' })
    await form.getByLabel('Date').fill(tomorrow)
    await form.getByLabel('Time').fill('14:00')
    await form.getByRole('button', { name: 'Book' }).click()
    const roomB = page.locator('.appointment-calendar__grid tr', { hasText: 'Room B' })
    await roomB.getByText('14:00-15:00').waitFor()
    await roomA.getByRole('button', { name: 'Move' }).click()
    const move = page.getByRole('form', { name: 'Move appointment' })
    await move.getByLabel('New time').fill('14:30')
    await move.getByLabel('New resource').selectOption({ label: 'Room B' })
    await move.getByRole('button', { name: 'Move here' }).click()
    await page
      .getByRole('alert')
      .getByText(/not free/)
      .waitFor()
    await move.getByLabel('New time').fill('15:00')
    await move.getByRole('button', { name: 'Move here' }).click()
    await roomB.getByText('15:00-16:00').waitFor()
    await page.screenshot({
      path: path.join(artifacts, `${String(++step).padStart(2, '0')}-appointment-calendar.png`),
    })
  })
})
