/**
 * Waiting lists of sold-out events: who may join and when, offers of freed seats as holds in
 * order (priority, then who joined first), the one-time link (accepted once, 410 once lapsed),
 * and the invariant under concurrency: offers plus bookings never exceed capacity, and the list
 * ends in a state explained row by row.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { EXPIRE_HOLDS_TASK } from '../collections/Bookings/expireBookingHoldsTask'
import { slugs } from 'payload-events-cms'
import { MAIL_QUEUE, SEND_MAIL_TASK } from '../src/db/mailRulesSql'
import { OFFER_SEATS_TASK, WAITING_LIST_QUEUE } from '../src/db/waitingListRulesSql'
import { createLocalReq } from 'payload'

import { applyRetention } from '../src/privacy/applyRetentionTask'
import { offerToken } from '../src/tickets/offerTokens'
import {
  ACCOUNT_TABLES,
  type Actor,
  activeSeats,
  createActors,
  createEvent,
  json,
  seatsBooked,
} from './helpers/fixtures'
import { createUserAndLogin, useTestApp } from './helpers/testApp'

type Entry = { id: string; offers: number; status: string; user: string }

describe('waiting list', () => {
  let admin: Actor
  let organizer: Actor
  let user: Actor
  let otherUser: Actor
  let third: Actor
  const app = useTestApp({ plugin: { jobsAutoRun: false } })

  beforeAll(async () => {
    ;({ admin, organizer, otherUser, user } = await createActors(app))
    third = await createUserAndLogin(app, { email: 'cleo@example.com', name: 'Cleo' })
  })

  beforeEach(async () => {
    await app.reset({ keep: ACCOUNT_TABLES })
  })

  const join = (event: string | number, token: string, body: Record<string, unknown> = {}) =>
    app.rest.post(`/${slugs.waitingList}`, { event, quantity: 1, ...body }, { token })

  const book = async (event: string | number, seats: number, token = user.token) => {
    const response = await app.rest.post(`/${slugs.bookings}`, { event, seats }, { token })
    expect(response.status).toBe(201)
    return (await json<{ doc: { id: string; status: string } }>(response)).doc
  }

  const cancel = (booking: string, token = admin.token) =>
    app.rest.patch(`/${slugs.bookings}/${booking}`, { status: 'cancelled' }, { token })

  const runOffers = () => app.payload.jobs.run({ limit: 100, queue: WAITING_LIST_QUEUE })

  /** Runs the offer queue until no offer job is left (failed runs are retried). */
  const settleOffers = async () => {
    for (let round = 0; round < 10; round++) {
      await app.sql.query(`UPDATE payload_jobs SET wait_until = NULL WHERE task_slug = $1`, [
        OFFER_SEATS_TASK,
      ])
      await runOffers()
      const { rows } = await app.sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM payload_jobs WHERE task_slug = $1 AND completed_at IS NULL AND NOT coalesce(has_error, false)`,
        [OFFER_SEATS_TASK],
      )
      if (rows[0]?.n === 0) return
    }
  }

  const entries = async (event: string | number) =>
    (
      await app.sql.query<Entry>(
        `SELECT id::text AS id, offers::int AS offers, status::text AS status, user_id::text AS "user"
           FROM waiting_list WHERE event_id = $1 ORDER BY created_at, id`,
        [event],
      )
    ).rows

  const tokenOf = (entry: Entry) => offerToken(app.payload, entry.id, entry.offers)

  /** A sold-out free event of `capacity` seats, all booked by `user` one seat at a time. */
  const soldOut = async (capacity: number, title = 'Full House') => {
    const event = await createEvent(app, { capacity, price: 0, title })
    const bookings: string[] = []
    for (let i = 0; i < capacity; i++) bookings.push((await book(event.id, 1)).id)
    return { bookings, event: String(event.id) }
  }

  it('lets people join only a sold-out event, once while waiting, and answers each refusal with its reason', async () => {
    const event = await createEvent(app, { capacity: 2, price: 0 })
    const early = await join(event.id, otherUser.token)
    expect(early.status).toBe(409)
    expect(JSON.stringify(await early.json())).toContain('2 seats are still available')
    await book(event.id, 2)

    // Without a sign-in, and the event takes no guests: 401 naming it.
    const anonymous = await app.rest.post(`/${slugs.waitingList}`, {
      email: 'x@example.com',
      event: event.id,
    })
    expect(anonymous.status).toBe(401)
    expect(JSON.stringify(await anonymous.json())).toContain('takes no guests')
    const joined = await join(event.id, otherUser.token)
    expect(joined.status).toBe(201)
    const { doc } = await json<{ doc: Entry & { priority: number; quantity: number } }>(joined)
    expect(doc).toMatchObject({ priority: 0, quantity: 1, status: 'waiting' })
    const again = await join(event.id, otherUser.token)
    expect(again.status).toBe(409)
    expect(JSON.stringify(await again.json())).toContain('already on this waiting list')
    // A customer cannot jump the queue or make up an offer.
    const sneaky = await join(event.id, third.token, { priority: 99, status: 'offered' })
    expect(sneaky.status).toBe(201)
    expect((await json<{ doc: Entry & { priority: number } }>(sneaky)).doc).toMatchObject({
      priority: 0,
      status: 'waiting',
    })
    expect((await join('not-an-id', third.token)).status).toBe(400)

    // Leaving is the person's; a left entry can be joined again.
    const left = await app.rest.patch(
      `/${slugs.waitingList}/${doc.id}`,
      { status: 'left' },
      { token: otherUser.token },
    )
    expect(left.status).toBe(200)
    expect((await join(event.id, otherUser.token)).status).toBe(201)
    // Others see nothing of it; the event's organizer manages it.
    const listed = await json<{ docs: Entry[] }>(
      await app.rest.get(`/${slugs.waitingList}`, { token: user.token }),
    )
    expect(listed.docs).toEqual([])
  })

  it('offers freed seats to the first in line as a hold, mails a link, and turns an accepted offer into a booking once', async () => {
    const { bookings, event } = await soldOut(2)
    expect((await join(event, otherUser.token)).status).toBe(201)
    expect((await join(event, third.token)).status).toBe(201)

    expect((await cancel(bookings[0] as string)).status).toBe(200)
    const jobs = await app.sql.query(`SELECT input FROM payload_jobs WHERE task_slug = $1`, [
      OFFER_SEATS_TASK,
    ])
    expect(jobs.rows).toEqual([{ input: { event } }])
    await runOffers()

    const [first, second] = await entries(event)
    expect(first).toMatchObject({ offers: 1, status: 'offered', user: otherUser.id })
    expect(second).toMatchObject({ status: 'waiting' })
    // The offer is a hold: the seat counts, nobody else can take it.
    expect(await seatsBooked(app, event)).toBe(2)
    expect(await activeSeats(app, event)).toBe(2)
    const refused = await app.rest.post(
      `/${slugs.bookings}`,
      { event, seats: 1 },
      { token: third.token },
    )
    expect(refused.status).toBe(409)

    // The offer mail carries the one-time link; the hold's own reminder is not sent.
    const mailJobs = await app.sql.query<{ input: { kind: string } }>(
      `SELECT input FROM payload_jobs WHERE task_slug = $1 ORDER BY created_at`,
      [SEND_MAIL_TASK],
    )
    expect(mailJobs.rows.map(({ input }) => input.kind)).toContain('waitlist-offer')
    await app.payload.jobs.run({ limit: 100, queue: MAIL_QUEUE })
    const offerMail = await app.sql.query<{ status: string; to: string }>(
      `SELECT status::text AS status, "to" FROM mails WHERE kind = 'waitlist-offer'`,
    )
    expect(offerMail.rows).toEqual([{ status: 'sent', to: 'bob@example.com' }])
    const reminder = await app.sql.query(
      `SELECT status::text AS status FROM mails WHERE kind = 'hold-reminder'`,
    )
    expect(reminder.rows).toEqual([])

    const token = tokenOf(first as Entry)
    const [once, twice] = await Promise.all([
      app.rest.post(`/${slugs.waitingList}/accept`, { token }),
      app.rest.post(`/${slugs.waitingList}/accept`, { token: token.toLowerCase() }),
    ])
    expect([once.status, twice.status]).toEqual([200, 200])
    const [a, b] = [await json<{ booking: string }>(once), await json<{ booking: string }>(twice)]
    expect(a.booking).toBe(b.booking)
    const made = await app.sql.query(
      `SELECT status::text AS status, user_id::text AS "user" FROM bookings WHERE id = $1`,
      [a.booking],
    )
    expect(made.rows).toEqual([{ status: 'confirmed', user: otherUser.id }])
    expect((await entries(event))[0]).toMatchObject({ status: 'accepted' })

    expect(
      (await app.rest.post(`/${slugs.waitingList}/accept`, { token: 'A'.repeat(32) })).status,
    ).toBe(404)
    expect((await app.rest.post(`/${slugs.waitingList}/accept`, { token: 42 })).status).toBe(400)
  })

  it('moves on when an offer lapses (410 for it) or is declined, in order of priority and then of joining', async () => {
    const { bookings, event } = await soldOut(1)
    for (const actor of [otherUser, third, organizer]) {
      expect((await join(event, actor.token)).status).toBe(201)
    }
    // Staff put the organizer's entry first.
    const organizerEntry = (await entries(event))[2] as Entry
    const raised = await app.rest.patch(
      `/${slugs.waitingList}/${organizerEntry.id}`,
      { priority: 5 },
      { token: admin.token },
    )
    expect(raised.status).toBe(200)
    const refusedRaise = await app.rest.patch(
      `/${slugs.waitingList}/${(await entries(event))[0]?.id}`,
      { priority: 9 },
      { token: otherUser.token },
    )
    expect(JSON.stringify(await refusedRaise.json())).not.toContain('"priority":9')

    await cancel(bookings[0] as string)
    await runOffers()
    let list = await entries(event)
    expect(list.map(({ status }) => status)).toEqual(['waiting', 'waiting', 'offered'])

    // The organizer's offer lapses: its hold is freed and the next in line is offered it.
    await app.sql.query(
      `UPDATE waiting_list SET offer_expires_at = now() - interval '1 minute' WHERE id = $1`,
      [organizerEntry.id],
    )
    await app.sql.query(
      `UPDATE bookings SET expires_at = now() - interval '1 minute' WHERE id = (SELECT booking_id FROM waiting_list WHERE id = $1)`,
      [organizerEntry.id],
    )
    await app.payload.jobs.queue({ input: {}, queue: 'bookings', task: EXPIRE_HOLDS_TASK })
    await app.payload.jobs.run({ queue: 'bookings' })
    await runOffers()
    list = await entries(event)
    expect(list.map(({ status }) => status)).toEqual(['offered', 'waiting', 'expired'])
    const late = await app.rest.post(`/${slugs.waitingList}/accept`, {
      token: tokenOf(list[2] as Entry),
    })
    expect(late.status).toBe(410)

    // Declined: the seat goes on at once.
    const declined = await app.rest.post(`/${slugs.waitingList}/decline`, {
      token: tokenOf(list[0] as Entry),
    })
    expect(declined.status).toBe(200)
    await runOffers()
    list = await entries(event)
    expect(list.map(({ status }) => status)).toEqual(['declined', 'offered', 'expired'])
    expect(await activeSeats(app, event)).toBe(1)
    expect(await seatsBooked(app, event)).toBe(1)
  })

  it('does not offer seats again to someone who booked the event after joining and cancelled', async () => {
    const { bookings, event } = await soldOut(1)
    expect((await join(event, third.token)).status).toBe(201)
    expect((await join(event, otherUser.token)).status).toBe(201)
    // A seat frees up; before any offer goes out, the first in line books it and cancels.
    await cancel(bookings[0] as string)
    const own = await book(event, 1, third.token)
    expect((await cancel(own.id, third.token)).status).toBe(200)
    await runOffers()
    const list = await entries(event)
    expect(list.map(({ status, user: who }) => [who, status])).toEqual([
      [third.id, 'skipped'],
      [otherUser.id, 'offered'],
    ])
  })

  it('200 concurrent cancellations on a sold-out event with 300 waiting never give more offers plus bookings than seats', async () => {
    const capacity = 200
    const { bookings, event } = await soldOut(capacity)
    // 300 people waiting, one seat each, in a known order.
    await app.sql.query(
      `WITH people AS (
         INSERT INTO users (email, name, role, created_at, updated_at)
         SELECT 'wait' || g || '@example.com', 'Waiting ' || g, 'user', now(), now()
           FROM generate_series(1, 300) g RETURNING id, email)
       INSERT INTO waiting_list (event_id, user_id, quantity, status, priority, offers, created_at, updated_at)
       SELECT $1, id, 1, 'waiting', 0, 0,
              now() - make_interval(secs => 1000 - substring(email from 'wait(\\d+)@')::int), now()
         FROM people`,
      [event],
    )
    const ordered = (await entries(event)).map(({ id }) => id)

    // Three runners offer seats while the cancellations come in (a runner that finds no free
    // connection in the rush fails its run; the job stays queued for the next, as on a server).
    let cancelling = true
    const runners = Array.from({ length: 3 }, async () => {
      while (cancelling) {
        await runOffers().catch(() => undefined)
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    })
    // All at once: the cancels wait in the event's lane, not on its row (bookingUpdateEndpoint).
    const answers = await Promise.all(bookings.map((id) => cancel(id)))
    cancelling = false
    await Promise.all(runners)
    await settleOffers()
    const counts: Record<number, number> = {}
    for (const { status } of answers) counts[status] = (counts[status] ?? 0) + 1
    expect(counts).toEqual({ 200: capacity })

    const holds = async () =>
      (
        await app.sql.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM bookings b JOIN waiting_list w ON w.booking_id = b.id
            WHERE b.event_id = $1 AND b.status IN ('pending', 'confirmed') AND w.status IN ('offered', 'accepted')`,
          [event],
        )
      ).rows[0]?.n
    const statuses = async () => {
      const counts: Record<string, number> = {}
      for (const { status } of await entries(event)) counts[status] = (counts[status] ?? 0) + 1
      return counts
    }
    // Every freed seat went to the first 200 in line, as a hold; nothing more.
    expect(await seatsBooked(app, event)).toBe(capacity)
    expect(await activeSeats(app, event)).toBe(capacity)
    expect(await holds()).toBe(capacity)
    let list = await entries(event)
    expect(list.filter(({ status }) => status === 'offered').map(({ id }) => id)).toEqual(
      ordered.slice(0, 200),
    )

    // 50 offers lapse, 25 are declined, 100 accepted (each twice, at once).
    await app.sql.query(
      `WITH lapsed AS (UPDATE waiting_list SET offer_expires_at = now() - interval '1 minute'
                        WHERE id = ANY($1::uuid[]) RETURNING booking_id)
       UPDATE bookings SET expires_at = now() - interval '1 minute' WHERE id IN (SELECT booking_id FROM lapsed)`,
      [ordered.slice(0, 50)],
    )
    await app.payload.jobs.queue({ input: {}, queue: 'bookings', task: EXPIRE_HOLDS_TASK })
    await app.payload.jobs.run({ queue: 'bookings' })
    await runOffers()
    list = await entries(event)
    const byId = new Map(list.map((entry) => [entry.id, entry]))
    const declines = await Promise.all(
      ordered
        .slice(50, 75)
        .map((id) =>
          app.rest.post(`/${slugs.waitingList}/decline`, { token: tokenOf(byId.get(id) as Entry) }),
        ),
    )
    expect(declines.every(({ status }) => status === 200)).toBe(true)
    await runOffers()
    const accepts = await Promise.all(
      ordered.slice(75, 175).flatMap((id) => {
        const token = tokenOf(byId.get(id) as Entry)
        return [
          app.rest.post(`/${slugs.waitingList}/accept`, { token }),
          app.rest.post(`/${slugs.waitingList}/accept`, { token }),
        ]
      }),
    )
    expect(accepts.every(({ status }) => status === 200)).toBe(true)
    await runOffers()

    // Row by row: 1-50 lapsed, 51-75 declined, 76-175 accepted, 176-275 offered, 276-300 waiting.
    list = await entries(event)
    expect(list.map(({ status }) => status)).toEqual([
      ...Array<string>(50).fill('expired'),
      ...Array<string>(25).fill('declined'),
      ...Array<string>(100).fill('accepted'),
      ...Array<string>(100).fill('offered'),
      ...Array<string>(25).fill('waiting'),
    ])
    expect(await statuses()).toEqual({
      accepted: 100,
      declined: 25,
      expired: 50,
      offered: 100,
      waiting: 25,
    })
    expect(await seatsBooked(app, event)).toBe(capacity)
    expect(await activeSeats(app, event)).toBe(capacity)
    expect(await holds()).toBe(capacity)
    const confirmed = await app.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM bookings WHERE event_id = $1 AND status = 'confirmed'`,
      [event],
    )
    expect(confirmed.rows[0]?.n).toBe(100)
  }, 180_000)

  it('erases a person’s entries with their account and exports them without the offer’s secret', async () => {
    const { event } = await soldOut(1)
    const person = await createUserAndLogin(app, { email: 'dora@example.com', name: 'Dora' })
    expect((await join(event, person.token)).status).toBe(201)
    const exported = await json<{ waitingList: Record<string, unknown>[] }>(
      await app.rest.get(`/users/me/export`, { token: person.token }),
    )
    expect(exported.waitingList).toHaveLength(1)
    expect(exported.waitingList[0]).not.toHaveProperty('offerTokenHash')
    const erased = await app.rest.post(
      `/users/${person.id}/erase`,
      { confirm: 'dora@example.com' },
      { token: admin.token },
    )
    expect(erased.status).toBe(200)
    expect(await entries(event)).toEqual([])
  })

  describe('guests (an e-mail address, no account)', () => {
    type Link = { entry: string; token: string }

    const joinAsGuest = (event: string, email: unknown, body: Record<string, unknown> = {}) =>
      app.rest.post(`/${slugs.waitingList}`, { email, event, quantity: 1, ...body })

    const confirm = (link: Partial<Link>) => app.rest.post(`/${slugs.waitingList}/confirm`, link)

    /** A sold-out event whose waiting list takes guests. */
    const soldOutForGuests = async (title?: string) => {
      const sold = await soldOut(1, title)
      await app.payload.update({
        collection: slugs.events,
        data: { waitingListGuests: true },
        id: sold.event,
      })
      return sold
    }

    /** The confirmation mails queued for an address, with the link each carries. */
    const confirmationMails = async (to: string) => {
      const { rows } = await app.sql.query<{ html: string; status: string; text: string }>(
        `SELECT status::text AS status, text, html FROM mails
          WHERE kind = 'waitlist-confirm' AND "to" = $1 ORDER BY created_at`,
        [to],
      )
      return rows.map((row) => {
        const url = new URL(/https?:\/\/\S+\/waiting-list\/confirm\?\S+/.exec(row.text)?.[0] ?? '')
        const link: Link = {
          entry: url.searchParams.get('entry') ?? '',
          token: url.searchParams.get('token') ?? '',
        }
        return { ...row, link }
      })
    }

    const accountOf = async (email: string) =>
      (
        await app.sql.query<{ id: string; verified: boolean }>(
          `SELECT id::text AS id, _verified AS verified FROM users WHERE email = $1`,
          [email],
        )
      ).rows[0]

    it('joins only where the event takes guests, mails a link to confirm, and holds no place until confirmed', async () => {
      const { bookings, event } = await soldOut(1)
      const refused = await joinAsGuest(event, 'gia@example.com')
      expect(refused.status).toBe(401)
      await app.payload.update({
        collection: slugs.events,
        data: { waitingListGuests: true },
        id: event,
      })

      for (const [email, status, words] of [
        [undefined, 400, '"email" is required'],
        ['not-an-address', 400, '"email" must be an e-mail address'],
        ['gia\u0007@example.com', 400, '"email" must be an e-mail address'],
        [`${'g'.repeat(250)}@example.com`, 400, '"email" must be an e-mail address'],
        [{ $ne: null }, 400, '"email" is required'],
      ] as const) {
        const response = await joinAsGuest(event, email)
        expect(response.status, String(email)).toBe(status)
        const body = await json<{ errors: { message: string }[] }>(response)
        expect(body.errors[0]?.message).toContain(words)
      }

      // Trimmed and lower-cased, as accounts are matched; an account, priority or status cannot be slipped in.
      const joined = await joinAsGuest(event, '  Gia@Example.COM ', {
        priority: 9,
        status: 'waiting',
        user: user.id,
      })
      expect(joined.status).toBe(201)
      const { doc } = await json<{ doc: Entry & { email: string; priority: number } }>(joined)
      expect(doc).toMatchObject({ email: 'gia@example.com', priority: 0, status: 'unconfirmed' })
      expect(doc.user ?? null).toBeNull()
      const [mail, ...more] = await confirmationMails('gia@example.com')
      expect(more).toEqual([])
      expect(mail).toMatchObject({ link: { entry: doc.id }, status: 'queued' })
      expect(mail?.html).toContain('/waiting-list/confirm?entry=')
      // Asking again sends no second mail.
      const again = await joinAsGuest(event, 'gia@example.com')
      expect(again.status).toBe(409)
      expect(JSON.stringify(await again.json())).toContain('already sent')
      expect(await confirmationMails('gia@example.com')).toHaveLength(1)
      // The outbox sends it like any mail.
      await app.payload.jobs.run({ limit: 100, queue: MAIL_QUEUE })
      expect((await confirmationMails('gia@example.com'))[0]?.status).toBe('sent')

      // Unconfirmed, it is offered nothing: a freed seat stays free.
      expect((await cancel(bookings[0] as string)).status).toBe(200)
      await settleOffers()
      expect(await entries(event)).toEqual([
        expect.objectContaining({ offers: 0, status: 'unconfirmed' }),
      ])
      expect(await activeSeats(app, event)).toBe(0)

      // Bad links name what is wrong; the right one confirms, once.
      const link = mail?.link as Link
      expect((await confirm({ ...link, entry: 'not-an-id' })).status).toBe(400)
      expect((await confirm({ ...link, token: 'A'.repeat(32) })).status).toBe(404)
      expect((await confirm({ entry: link.entry })).status).toBe(404)
      const [first, second] = await Promise.all([confirm(link), confirm(link)])
      expect([first.status, second.status]).toEqual([200, 200])
      const answers = [
        await json<Record<string, unknown>>(first),
        await json<Record<string, unknown>>(second),
      ]
      expect(answers.map((answer) => answer.accountCreated).sort()).toEqual([false, true])
      expect(answers[0]).toMatchObject({ entry: doc.id, event, status: 'waiting' })

      // Their account, verified (the link proved the mailbox); the entry is the account's now.
      const account = await accountOf('gia@example.com')
      expect(account).toMatchObject({ verified: true })
      const [entry] = await entries(event)
      expect(entry).toMatchObject({ status: 'waiting', user: account?.id })
      const stored = await app.sql.query(`SELECT email FROM waiting_list WHERE id = $1`, [doc.id])
      expect(stored.rows).toEqual([{ email: null }])

      // The seat that was free already goes to them, and the offer is accepted like anyone's.
      await settleOffers()
      const [offered] = await entries(event)
      expect(offered).toMatchObject({ offers: 1, status: 'offered' })
      const accepted = await app.rest.post(`/${slugs.waitingList}/accept`, {
        token: tokenOf(offered as Entry),
      })
      expect(accepted.status).toBe(200)
      const booking = await app.sql.query(
        `SELECT status::text AS status, user_id::text AS "user" FROM bookings WHERE id = $1`,
        [(await json<{ booking: string }>(accepted)).booking],
      )
      expect(booking.rows).toEqual([{ status: 'confirmed', user: account?.id }])
      expect(await seatsBooked(app, event)).toBe(1)
    })

    it('puts a confirmed request on the account the address already has, and keeps one place per account', async () => {
      const { event } = await soldOutForGuests()
      // ana@example.com has an account: her request joins as her, however the address was typed.
      expect((await joinAsGuest(event, 'ANA@example.com')).status).toBe(201)
      const [ana] = await confirmationMails('ana@example.com')
      const confirmed = await json<Record<string, unknown>>(await confirm(ana?.link as Link))
      expect(confirmed).toMatchObject({ accountCreated: false, status: 'waiting' })
      expect((await entries(event))[0]).toMatchObject({ status: 'waiting', user: user.id })

      // bob@example.com is already waiting with his account: his request as a guest closes.
      expect((await join(event, otherUser.token)).status).toBe(201)
      expect((await joinAsGuest(event, 'bob@example.com')).status).toBe(201)
      const [bob] = await confirmationMails('bob@example.com')
      const own = (await entries(event)).find((entry) => entry.user === otherUser.id)
      const answer = await json<Record<string, unknown>>(await confirm(bob?.link as Link))
      expect(answer).toMatchObject({ entry: own?.id, status: 'waiting' })
      const closed = await app.sql.query(
        `SELECT status::text AS status, user_id::text AS "user", closed_reason FROM waiting_list WHERE id = $1`,
        [bob?.link.entry],
      )
      expect(closed.rows).toEqual([
        {
          closed_reason: 'already on the list with an account',
          status: 'left',
          user: otherUser.id,
        },
      ])
      // A signed-in member who joins stays a member; their `email` is not kept.
      const stored = await app.sql.query(
        `SELECT count(*)::int AS n FROM waiting_list WHERE email IS NOT NULL AND event_id = $1`,
        [event],
      )
      expect(stored.rows[0]?.n).toBe(0)
    })

    it('lets requests lapse: a 410 after guestConfirmHours, the address may ask again, retention deletes the rest', async () => {
      const events = []
      for (const n of [1, 2, 3, 4]) events.push(await soldOutForGuests(`Guest Night ${n}`))
      const [a, b, c, d] = events.map(({ event }) => event) as [string, string, string, string]
      for (const event of [a, b, c])
        expect((await joinAsGuest(event, 'hal@example.com')).status).toBe(201)
      // Three requests to confirm are the most one address has open.
      const fourth = await joinAsGuest(d, 'hal@example.com')
      expect(fourth.status).toBe(429)
      expect(JSON.stringify(await fourth.json())).toContain('confirm those first')

      const [first] = await confirmationMails('hal@example.com')
      await app.sql.query(
        `UPDATE waiting_list SET created_at = now() - interval '49 hours' WHERE email = 'hal@example.com' AND event_id = $1`,
        [a],
      )
      const lapsed = await confirm(first?.link as Link)
      expect(lapsed.status).toBe(410)
      expect(JSON.stringify(await lapsed.json())).toContain('not confirmed within 48 hours')
      // Lapsed, it holds nothing: the address asks again (the old request goes) and may ask for d.
      expect((await joinAsGuest(a, 'hal@example.com')).status).toBe(201)
      expect((await entries(a)).map((entry) => entry.status)).toEqual(['unconfirmed'])
      await app.sql.query(
        `UPDATE waiting_list SET created_at = now() - interval '49 hours' WHERE email = 'hal@example.com' AND event_id = $1`,
        [b],
      )
      const req = await createLocalReq({}, app.payload)
      const retained = await applyRetention(req)
      expect(retained.guestRequests).toBe(1)
      expect(await entries(b)).toEqual([])
      // The audit log forgets the address of the request that is gone.
      const audit = await app.sql.query<{ changes: Record<string, unknown> }>(
        `SELECT changes FROM audit_logs WHERE collection = $1 AND action = 'create' AND document_id = $2`,
        [slugs.waitingList, (await confirmationMails('hal@example.com'))[1]?.link.entry],
      )
      expect(JSON.stringify(audit.rows)).not.toContain('hal@example.com')
      // The link of a deleted request: 410 (the code is genuine, the request is gone).
      expect(
        (await confirm((await confirmationMails('hal@example.com'))[1]?.link as Link)).status,
      ).toBe(410)
    })

    it('lets one network address make at most 10 guest requests an hour', async () => {
      const { event } = await soldOutForGuests()
      const from = (ip: string) => ({ headers: { 'x-forwarded-for': ip } })
      const ask = (n: number, ip: string) =>
        app.rest.post(
          `/${slugs.waitingList}`,
          { email: `stranger${n}@example.com`, event, quantity: 1 },
          from(ip),
        )
      for (let n = 0; n < 10; n++) expect((await ask(n, '203.0.113.7')).status).toBe(201)
      const refused = await ask(10, '203.0.113.7')
      expect(refused.status).toBe(429)
      expect(refused.headers.get('retry-after')).toBe('3600')
      expect((await json<{ errors: { message: string }[] }>(refused)).errors[0]?.message).toContain(
        'Too many waiting-list requests from your network',
      )
      expect(await confirmationMails('stranger10@example.com')).toEqual([])
      // Another network is not held back by it.
      expect((await ask(10, '198.51.100.4')).status).toBe(201)
    })

    it('keeps the rules in PostgreSQL: an unconfirmed request has an address and no account, one per address and list', async () => {
      const { event } = await soldOutForGuests()
      const insert = (email: null | string, userId: null | string) =>
        app.sql.query(
          `INSERT INTO waiting_list (event_id, email, user_id, status, quantity, priority, offers, created_at, updated_at)
           VALUES ($1, $2, $3, 'unconfirmed', 1, 0, 0, now(), now())`,
          [event, email, userId],
        )
      await expect(insert(null, null)).rejects.toThrow(/waiting_list_guest_has_address/)
      await expect(insert('ivy@example.com', user.id)).rejects.toThrow(
        /waiting_list_guest_has_address/,
      )
      await insert('ivy@example.com', null)
      await expect(insert('ivy@example.com', null)).rejects.toThrow(
        /waiting_list_one_guest_request/,
      )
    })

    it('answers identical requests at once (a guest’s, a member’s) with one entry and one mail', async () => {
      const { event } = await soldOutForGuests()
      const answers = await Promise.all([1, 2, 3].map(() => joinAsGuest(event, 'kim@example.com')))
      const statuses = answers.map((answer) => answer.status).sort()
      expect(statuses).toEqual([201, 409, 409])
      expect(await entries(event)).toHaveLength(1)
      expect(await confirmationMails('kim@example.com')).toHaveLength(1)
      // The same for a signed-in person joining twice at once.
      const mine = await Promise.all([join(event, third.token), join(event, third.token)])
      expect(mine.map((answer) => answer.status).sort()).toEqual([201, 409])
    })

    it('exports and erases the requests made as a guest under an account’s addresses', async () => {
      const { event } = await soldOutForGuests()
      const person = await createUserAndLogin(app, { email: 'jo@example.com', name: 'Jo' })
      expect((await joinAsGuest(event, 'jo@example.com')).status).toBe(201)
      const exported = await json<{ waitingList: Record<string, unknown>[] }>(
        await app.rest.get(`/users/me/export`, { token: person.token }),
      )
      expect(exported.waitingList).toEqual([
        expect.objectContaining({ email: 'jo@example.com', status: 'unconfirmed' }),
      ])
      const erased = await app.rest.post(
        `/users/${person.id}/erase`,
        { confirm: 'jo@example.com' },
        { token: admin.token },
      )
      expect(erased.status).toBe(200)
      expect(await entries(event)).toEqual([])
      const audit = await app.sql.query(
        `SELECT changes FROM audit_logs WHERE collection = $1 AND action = 'create'`,
        [slugs.waitingList],
      )
      expect(JSON.stringify(audit.rows)).not.toContain('jo@example.com')
    })
  })
})
