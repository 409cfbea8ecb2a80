/**
 * Mail through the durable outbox, against a real SMTP server started here (smtp-server, parsed
 * with mailparser) and calendar files parsed with ical.js: the job commits with the change that
 * calls for it (a rollback sends nothing, a process killed right after the commit loses nothing),
 * a job that runs twice sends once, temporary failures are retried and permanent ones shown.
 */
import { spawn } from 'node:child_process'
import type { AddressInfo } from 'node:net'
import path from 'node:path'

import ICAL from 'ical.js'
import { type ParsedMail, simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import { createLocalReq, type RequiredDataFromCollectionSlug } from 'payload'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { releaseStalledMailJobs } from '../collections/Mails/releaseStalledMailJobs'
import { MAIL_QUEUE, SEND_MAIL_TASK } from '../src/db/mailRulesSql'
import { slugs } from 'payload-events-cms'
import { nodeArgs, tsxCli } from '../scripts/lib/nodeFlags'
import {
  ACCOUNT_TABLES,
  type Actor,
  createActors,
  createEvent,
  createVenue,
  DAY,
  json,
  seatsBooked,
} from './helpers/fixtures'
import { useTestApp } from './helpers/testApp'

const rootDir = path.resolve(import.meta.dirname, '..')
const SITE = 'https://tickets.example.com'

/** What the test SMTP server received, and the answers it gives next (4xx/5xx) before accepting. */
const received: ParsedMail[] = []
const refusals: { code: number; message: string }[] = []

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, _session, callback) {
    const chunks: Buffer[] = []
    stream.on('data', (chunk: Buffer) => chunks.push(chunk))
    stream.on('end', () => {
      const refusal = refusals.shift()
      if (refusal) {
        callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }))
        return
      }
      // skipImageLinks: keep `cid:` references as the mail has them (not data: URLs).
      void simpleParser(Buffer.concat(chunks), { skipImageLinks: true }).then((mail) => {
        received.push(mail)
        callback()
      })
    })
  },
})
let smtpPort = 0

beforeAll(async () => {
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve))
  smtpPort = (smtp.server.address() as AddressInfo).port
})
afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()))
})

/** Calendar files count in whole seconds. */
const toSecond = (at: number | string) =>
  new Date(Math.floor(new Date(at).getTime() / 1000) * 1000).toISOString()

type JobRow = { input: Record<string, unknown>; wait_until: Date | null }

describe('mail outbox', () => {
  let admin: Actor
  let user: Actor
  let otherUser: Actor
  const app = useTestApp(() => ({
    mailEnv: { MAIL_FROM: 'tickets@example.com', SMTP_URL: `smtp://127.0.0.1:${smtpPort}` },
    plugin: { jobsAutoRun: false, mail: { attempts: 3, retryDelayMs: 1, siteUrl: SITE } },
  }))

  beforeAll(async () => {
    ;({ admin, otherUser, user } = await createActors(app))
  })

  beforeEach(async () => {
    await app.reset({ keep: ACCOUNT_TABLES })
    received.length = 0
    refusals.length = 0
  })

  const mailJobs = async () =>
    (
      await app.sql.query<JobRow>(
        `SELECT input, wait_until FROM payload_jobs WHERE task_slug = $1 AND completed_at IS NULL ORDER BY created_at`,
        [SEND_MAIL_TASK],
      )
    ).rows

  /** Runs the mail queue as a runner would; due jobs only (wait_until passed). */
  const runMail = () => app.payload.jobs.run({ limit: 100, queue: MAIL_QUEUE })

  const book = async (event: string | number, seats = 2, token = user.token) => {
    const response = await app.rest.post(`/${slugs.bookings}`, { event, seats }, { token })
    expect(response.status).toBe(201)
    return (await json<{ doc: { id: string; reference: string; status: string } }>(response)).doc
  }

  const calendarOf = (mail: ParsedMail) => {
    const file = mail.attachments.find(({ contentType }) => contentType === 'text/calendar')
    expect(file, 'a calendar file is attached').toBeDefined()
    const calendar = new ICAL.Component(ICAL.parse(file?.content.toString('utf8') ?? ''))
    for (const zone of calendar.getAllSubcomponents('vtimezone')) {
      ICAL.TimezoneService.register(zone)
    }
    const entry = calendar.getFirstSubcomponent('vevent')
    return {
      method: String(calendar.getFirstPropertyValue('method')),
      sequence: Number(entry?.getFirstPropertyValue('sequence')),
      start: (entry?.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString(),
      status: String(entry?.getFirstPropertyValue('status')),
      timeZone: (entry?.getFirstProperty('dtstart')?.getParameter('tzid') as string) || undefined,
      uid: String(entry?.getFirstPropertyValue('uid')),
    }
  }

  const mailRow = async (bookingId: string, kind: string) =>
    (
      await app.sql.query<{
        attempts: number
        error: null | string
        html: null | string
        status: string
      }>(
        `SELECT status, attempts::int AS attempts, error, html FROM mails WHERE booking_id = $1 AND kind = $2`,
        [bookingId, kind],
      )
    ).rows[0]

  it('sends a confirmation with the tickets as QR codes and a calendar entry, once, with ids only in the job', async () => {
    const event = await createEvent(app, { price: 0, title: 'Outbox Jazz' })
    const booking = await book(event.id, 2)
    expect(booking.status).toBe('confirmed')

    const jobs = await mailJobs()
    expect(jobs).toHaveLength(1)
    expect(jobs[0]?.input).toEqual({ booking: booking.id, kind: 'booking-confirmed', version: 1 })
    expect(JSON.stringify(jobs[0]?.input)).not.toContain('@')

    await runMail()
    expect(received).toHaveLength(1)
    const [mail] = received
    if (!mail) throw new Error('no mail')
    expect(mail.subject).toBe(`Your tickets for Outbox Jazz (${booking.reference})`)
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toBe('ana@example.com')
    expect(mail.from?.text).toContain('tickets@example.com')
    expect(mail.messageId).toBe(`<booking-confirmed.${booking.id}.v1@tickets.example.com>`)
    expect(mail.text).toContain(booking.reference)
    expect(mail.text).toContain(`${SITE}/bookings/${booking.id}`)
    const qrCodes = mail.attachments.filter(({ contentType }) => contentType === 'image/png')
    expect(qrCodes).toHaveLength(2)
    for (const qr of qrCodes)
      expect(String(mail.html)).toContain(`cid:${qr.contentId?.replace(/[<>]/g, '')}`)

    expect(calendarOf(mail)).toEqual({
      method: 'PUBLISH',
      sequence: 0,
      start: toSecond(event.startDate),
      status: 'CONFIRMED',
      uid: `booking-${booking.id}@tickets.example.com`,
    })
    // Sent through SMTP: the log keeps the state, not the ticket codes.
    expect(await mailRow(booking.id, 'booking-confirmed')).toMatchObject({
      attempts: 1,
      html: null,
      status: 'sent',
    })

    // The job is done; running the queue again, or a copy of the job, sends nothing more.
    await app.sql.query(
      `INSERT INTO payload_jobs (task_slug, queue, input) VALUES ($1, $2, $3::jsonb)`,
      [SEND_MAIL_TASK, MAIL_QUEUE, JSON.stringify(jobs[0]?.input)],
    )
    await runMail()
    expect(received).toHaveLength(1)
  })

  it('a booking rolled back queues nothing and sends nothing', async () => {
    const event = await createEvent(app, { price: 0 })
    const account = await app.payload.findByID({ collection: 'users', id: user.id })
    const req = await createLocalReq({ user: { ...account, collection: 'users' } }, app.payload)
    const transactionID = await app.payload.db.beginTransaction()
    if (transactionID === null) throw new Error('no transaction')
    req.transactionID = transactionID
    await app.payload.create({
      collection: slugs.bookings,
      data: { event: String(event.id), seats: 1 } as RequiredDataFromCollectionSlug<'bookings'>,
      overrideAccess: false,
      req,
      user: account,
    })
    const inside = await app.sql.query(
      `SELECT count(*)::int AS n FROM payload_jobs WHERE task_slug = $1`,
      [SEND_MAIL_TASK],
    )
    expect(inside.rows[0]?.n, 'not visible before the commit').toBe(0)
    await app.payload.db.rollbackTransaction(transactionID)
    expect(await mailJobs()).toEqual([])
    await runMail()
    expect(received).toEqual([])
  })

  it('runs of one job on two servers at once send it once', async () => {
    const event = await createEvent(app, { price: 0 })
    const booking = await book(event.id, 1)
    const [job] = await mailJobs()
    // Four copies of the job, run by four runners at once.
    for (let copy = 0; copy < 3; copy++) {
      await app.sql.query(
        `INSERT INTO payload_jobs (task_slug, queue, input) VALUES ($1, $2, $3::jsonb)`,
        [SEND_MAIL_TASK, MAIL_QUEUE, JSON.stringify(job?.input)],
      )
    }
    await Promise.all([runMail(), runMail(), runMail(), runMail()])
    await runMail()
    expect(received).toHaveLength(1)
    expect(await mailRow(booking.id, 'booking-confirmed')).toMatchObject({ status: 'sent' })
  })

  it('retries a temporary SMTP failure with back-off and shows a permanent one in the log and /api/health', async () => {
    const event = await createEvent(app, { price: 0 })
    refusals.push({ code: 451, message: 'Try again later' })
    const first = await book(event.id, 1)
    await runMail()
    expect(received).toHaveLength(0)
    expect(await mailRow(first.id, 'booking-confirmed')).toMatchObject({
      attempts: 1,
      status: 'retrying',
    })
    await new Promise((resolve) => setTimeout(resolve, 20))
    await runMail()
    expect(received).toHaveLength(1)
    expect(await mailRow(first.id, 'booking-confirmed')).toMatchObject({
      attempts: 2,
      status: 'sent',
    })

    refusals.push({ code: 550, message: 'No such mailbox' })
    const second = await book(event.id, 1, otherUser.token)
    await runMail()
    const failed = await mailRow(second.id, 'booking-confirmed')
    expect(failed).toMatchObject({ attempts: 1, status: 'failed' })
    expect(failed?.error).toContain('No such mailbox')
    await new Promise((resolve) => setTimeout(resolve, 20))
    await runMail()
    expect(received).toHaveLength(1)
    const health = await json<{ mail: { failedLast24h: number; status: string }; status: string }>(
      await app.rest.get('/health'),
    )
    expect(health.mail).toMatchObject({ failedLast24h: 1, status: 'failing' })
    expect(health.status).toBe('degraded')
  })

  it('a cancellation sends METHOD:CANCEL for the same calendar entry', async () => {
    const event = await createEvent(app, { price: 0 })
    const booking = await book(event.id, 1)
    await runMail()
    const cancel = await app.rest.patch(
      `/${slugs.bookings}/${booking.id}`,
      { status: 'cancelled' },
      { token: user.token },
    )
    expect(cancel.status).toBe(200)
    await runMail()
    expect(received.map(({ subject }) => subject)).toEqual([
      expect.stringContaining('Your tickets'),
      expect.stringContaining('Cancelled:'),
    ])
    const confirmation = calendarOf(received[0] as ParsedMail)
    const cancellation = calendarOf(received[1] as ParsedMail)
    expect(cancellation).toMatchObject({
      method: 'CANCEL',
      status: 'CANCELLED',
      uid: confirmation.uid,
    })
  })

  it('an event that moves tells every active booking once per change, with a raised SEQUENCE', async () => {
    const event = await createEvent(app, { price: 0, title: 'Moving Jazz' })
    const kept = await book(event.id, 1)
    const dropped = await book(event.id, 1, otherUser.token)
    await app.rest.patch(
      `/${slugs.bookings}/${dropped.id}`,
      { status: 'cancelled' },
      { token: otherUser.token },
    )
    await runMail()
    received.length = 0

    const start = Date.parse(event.startDate)
    const moveTo = (offset: number) =>
      app.payload.update({
        collection: slugs.events,
        data: {
          endDate: new Date(start + offset + 3 * 3_600_000).toISOString(),
          startDate: new Date(start + offset).toISOString(),
        },
        id: event.id,
      })
    await moveTo(DAY)
    // An edit that changes neither time nor venue tells no one.
    await app.payload.update({
      collection: slugs.events,
      data: { title: 'Moving Jazz!' },
      id: event.id,
    })
    await moveTo(2 * DAY)
    await runMail()
    // The first change was overtaken by the second before it went out: one mail, the latest.
    expect(received).toHaveLength(1)
    const [mail] = received
    expect(mail?.to && 'text' in mail.to ? mail.to.text : '').toBe('ana@example.com')
    expect(calendarOf(mail as ParsedMail)).toMatchObject({
      method: 'PUBLISH',
      sequence: 2,
      start: toSecond(start + 2 * DAY),
      uid: `booking-${kept.id}@tickets.example.com`,
    })
    expect(await mailRow(kept.id, 'event-changed')).toBeDefined()
  })

  it('an event cancelled cancels its bookings, frees the seats and tells everyone', async () => {
    const event = await createEvent(app, { capacity: 10, price: 0 })
    await book(event.id, 2)
    await book(event.id, 3, otherUser.token)
    await runMail()
    received.length = 0
    await app.payload.update({
      collection: slugs.events,
      data: { status: 'cancelled' },
      id: event.id,
    })
    expect(await seatsBooked(app, String(event.id))).toBe(0)
    const { rows } = await app.sql.query<{ status: string }>(
      `SELECT DISTINCT status::text FROM bookings WHERE event_id = $1`,
      [event.id],
    )
    expect(rows).toEqual([{ status: 'cancelled' }])
    await runMail()
    expect(received).toHaveLength(2)
    for (const mail of received) {
      expect(mail.subject).toContain('Cancelled by the organizer')
      expect(calendarOf(mail)).toMatchObject({ method: 'CANCEL', status: 'CANCELLED' })
    }
  })

  it('reminds the holder of a pending hold before it lapses, and not once it is confirmed or gone', async () => {
    const event = await createEvent(app, { price: 30 })
    const held = await book(event.id, 1)
    expect(held.status).toBe('pending')
    const [job] = await mailJobs()
    expect(job?.input).toMatchObject({ kind: 'hold-reminder' })
    expect(job?.wait_until?.getTime() ?? 0).toBeGreaterThan(Date.now())
    await runMail()
    expect(received, 'not before its time').toHaveLength(0)
    await app.sql.query(
      `UPDATE payload_jobs SET wait_until = now() - interval '1 second' WHERE task_slug = $1`,
      [SEND_MAIL_TASK],
    )
    await runMail()
    expect(received).toHaveLength(1)
    expect(received[0]?.subject).toContain('are held until')
    expect(received[0]?.text).toContain('€30.00')

    const other = await book(event.id, 1, otherUser.token)
    await app.sql.query(`UPDATE bookings SET status = 'expired' WHERE id = $1`, [other.id])
    await app.sql.query(
      `UPDATE payload_jobs SET wait_until = now() - interval '1 second' WHERE task_slug = $1`,
      [SEND_MAIL_TASK],
    )
    await runMail()
    expect(received).toHaveLength(1)
    expect(await mailRow(other.id, 'hold-reminder')).toMatchObject({ status: 'skipped' })
  })

  it('a booking committed by a process killed right after (kill -9) is confirmed once by the next runner', async () => {
    const event = await createEvent(app, { price: 0 })
    const child = spawn(
      process.execPath,
      nodeArgs([
        tsxCli,
        path.join(rootDir, 'tests/helpers/bookAndHang.ts'),
        String(event.id),
        user.id,
      ]),
      {
        cwd: rootDir,
        env: {
          NODE_ENV: 'test',
          ...Object.fromEntries(
            Object.entries(process.env).filter(
              ([key]) => !key.startsWith('VITEST') && key !== 'NODE_OPTIONS',
            ),
          ),
          DATABASE_URL: app.databaseUrl,
          SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let output = ''
    const bookingId = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString()
        const match = /committed (\S+)/.exec(output)
        if (match?.[1]) resolve(match[1])
      })
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
      child.once('exit', (code) =>
        reject(new Error(`the child exited (${code}) first:\n${output}`)),
      )
    })
    child.kill('SIGKILL')
    await new Promise((resolve) => child.once('exit', resolve))
    expect(received).toHaveLength(0)
    await runMail()
    await runMail()
    expect(received).toHaveLength(1)
    expect(received[0]?.messageId).toBe(`<booking-confirmed.${bookingId}.v1@tickets.example.com>`)
  }, 120_000)

  it('a mail job a killed runner left processing goes back to the queue and is sent once', async () => {
    const event = await createEvent(app, { price: 0 })
    const booking = await book(event.id, 1)
    // What a runner killed mid-send leaves: the job processing, the mail claimed.
    await app.sql.query(
      `UPDATE payload_jobs SET processing = true, updated_at = now() - interval '11 minutes' WHERE task_slug = $1`,
      [SEND_MAIL_TASK],
    )
    await app.sql.query(
      `INSERT INTO mails (dedupe_key, kind, booking_id, version, status, attempts, claimed_until, created_at, updated_at)
       VALUES ($1, 'booking-confirmed', $2, 1, 'sending', 1, now() - interval '1 minute', now(), now())`,
      [`booking-confirmed:${booking.id}:v1`, booking.id],
    )
    await runMail()
    expect(received, 'Payload leaves a processing job alone').toHaveLength(0)
    expect(await releaseStalledMailJobs(app.payload)).toBe(1)
    await runMail()
    expect(received).toHaveLength(1)
    expect(await mailRow(booking.id, 'booking-confirmed')).toMatchObject({
      attempts: 2,
      status: 'sent',
    })
  })

  it('uses the template editors set, refuses unknown placeholders and previews for admins only', async () => {
    const refused = await app.rest.post(
      `/${slugs.mailTemplates}`,
      {
        body: 'Hi {{person.nmae}}',
        kind: 'booking-confirmed',
        subject: 'Tickets: {{event.title}}',
      },
      { token: admin.token },
    )
    expect(refused.status).toBe(400)
    expect(JSON.stringify(await refused.json())).toContain('{{person.nmae}}')

    const saved = await app.rest.post(
      `/${slugs.mailTemplates}`,
      {
        body: 'Dear {{person.name}},\n\nsee you at {{venue.name}}.',
        kind: 'booking-confirmed',
        subject: 'Tickets: {{event.title}} / {{booking.reference}}',
      },
      { token: admin.token },
    )
    expect(saved.status).toBe(201)
    const event = await createEvent(app, { price: 0, title: 'Templated Jazz' })
    const booking = await book(event.id, 1)
    await runMail()
    expect(received[0]?.subject).toBe(`Tickets: Templated Jazz / ${booking.reference}`)
    expect(received[0]?.text).toContain('Dear Ana User,')

    const preview = await app.rest.post(
      `/${slugs.mailTemplates}/preview`,
      { body: 'Hello {{person.name}} {{oops}}', kind: 'hold-reminder' },
      { token: admin.token },
    )
    expect(preview.status).toBe(200)
    const shown = await json<{ html: string; subject: string; unknownPlaceholders: string[] }>(
      preview,
    )
    expect(shown.html).toContain('Hello Alex Example')
    expect(shown.unknownPlaceholders).toEqual(['oops'])
    expect(
      (
        await app.rest.post(
          `/${slugs.mailTemplates}/preview`,
          { kind: 'nope' },
          { token: admin.token },
        )
      ).status,
    ).toBe(400)
    expect(
      (
        await app.rest.post(
          `/${slugs.mailTemplates}/preview`,
          { kind: 'hold-reminder' },
          { token: user.token },
        )
      ).status,
    ).toBe(403)
  })

  it('serves published events as calendar files and feeds, and refuses bad parameters', async () => {
    const event = await createEvent(app, { title: 'Feed Jazz, Live; at 8' })
    const draft = await createEvent(app, { status: 'draft', title: 'Secret Draft' })
    const file = await app.rest.get(`/${slugs.events}/${event.id}/calendar.ics`)
    expect(file.status).toBe(200)
    expect(file.headers.get('content-type')).toContain('text/calendar')
    const calendar = new ICAL.Component(ICAL.parse(await file.text()))
    const entry = calendar.getFirstSubcomponent('vevent')
    expect(entry?.getFirstPropertyValue('summary')).toBe('Feed Jazz, Live; at 8')
    expect(entry?.getFirstPropertyValue('uid')).toBe(`event-${event.id}@tickets.example.com`)
    expect((await app.rest.get(`/${slugs.events}/${draft.id}/calendar.ics`)).status).toBe(404)

    // A venue in Berlin: the times on its clock with its TZID and VTIMEZONE, the same instants.
    const berlin = await createVenue(app, { name: 'Spree Hall', timeZone: 'Europe/Berlin' })
    const summer = await createEvent(app, {
      endDate: '2027-07-01T21:00:00.000Z',
      startDate: '2027-07-01T18:30:00.000Z',
      title: 'Summer in Berlin',
      venue: berlin.id,
    })
    const zoned = await (await app.rest.get(`/${slugs.events}/${summer.id}/calendar.ics`)).text()
    expect(zoned).toContain('DTSTART;TZID=Europe/Berlin:20270701T203000')
    expect(zoned).toContain('BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin')
    const zonedCalendar = new ICAL.Component(ICAL.parse(zoned))
    for (const zone of zonedCalendar.getAllSubcomponents('vtimezone')) {
      ICAL.TimezoneService.register(zone)
    }
    const summerEntry = zonedCalendar.getFirstSubcomponent('vevent')
    expect(
      (summerEntry?.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString(),
    ).toBe('2027-07-01T18:30:00.000Z')

    const venue = typeof event.venue === 'object' ? event.venue.id : event.venue
    const feed = await app.rest.get(`/${slugs.events}/calendar.ics?venue=${venue}&category=concert`)
    expect(feed.status, await feed.clone().text()).toBe(200)
    const entries = new ICAL.Component(ICAL.parse(await feed.text())).getAllSubcomponents('vevent')
    expect(entries.map((one) => one.getFirstPropertyValue('summary'))).toEqual([
      'Feed Jazz, Live; at 8',
    ])
    expect((await app.rest.get(`/${slugs.events}/calendar.ics?category=opera`)).status).toBe(400)
    expect((await app.rest.get(`/${slugs.events}/calendar.ics?venue=not-an-id`)).status).toBe(400)
    expect((await app.rest.get(`/${slugs.events}/calendar.ics?limit=5`)).status).toBe(400)
  })
})
