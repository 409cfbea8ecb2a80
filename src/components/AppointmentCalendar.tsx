'use client'
import { useCallback, useEffect, useMemo, useState } from 'react'

import { zonedClock, zonedInstant } from '../utilities/zonedTime'
import { useApiBase } from './useApiBase'

type Venue = { id: string; name: string; timeZone?: null | string }
type Named = { id: string; name: string }
type Appointment = {
  customer?: null | { email?: string; name?: null | string } | string
  end: string
  expiresAt?: null | string
  id: string
  reference: string
  resource: Named | string
  service: Named | string
  start: string
  status: string
}
type Closure = {
  endsAt: string
  id: string
  kind: string
  reason?: null | string
  resource?: null | string
  startsAt: string
}
type Item = { at: number; key: string; node: React.ReactNode }

const DAY = 86_400_000
const ACTIVE = ['pending', 'confirmed', 'completed', 'no_show']
const nameOf = (value: Named | string | undefined) =>
  typeof value === 'object' ? value.name : (value ?? '')
const idOf = (value: Named | null | string | undefined) =>
  typeof value === 'object' && value ? value.id : (value ?? '')

/** Days shown: the one day, or the week (Monday first) around it. */
const daysOf = (day: string, view: 'day' | 'week'): string[] => {
  if (view === 'day') return [day]
  const at = Date.parse(`${day}T00:00:00Z`)
  const monday = at - ((new Date(at).getUTCDay() + 6) % 7) * DAY
  return Array.from({ length: 7 }, (_, index) =>
    new Date(monday + index * DAY).toISOString().slice(0, 10),
  )
}

const problemOf = async (response: Response) => {
  if (response.ok) return ''
  const body = (await response.json().catch(() => ({}))) as { errors?: { message: string }[] }
  return body.errors?.[0]?.message ?? `HTTP ${response.status}`
}

/**
 * /admin/appointments: a venue's day or week per resource, on the venue's clock: appointments
 * (holds with when they lapse), closures and time off. Staff create appointments from it and move,
 * confirm, complete, mark no-shows or cancel them, through the same REST API as everyone (so the
 * same rules and the same 409 when a time is taken).
 */
export const AppointmentCalendar = () => {
  const base = useApiBase()
  const [venues, setVenues] = useState<Venue[]>([])
  const [venue, setVenue] = useState('')
  const [day, setDay] = useState(() => new Date().toISOString().slice(0, 10))
  const [view, setView] = useState<'day' | 'week'>('week')
  const [resources, setResources] = useState<Named[]>([])
  const [services, setServices] = useState<Named[]>([])
  const [appointments, setAppointments] = useState<Appointment[]>([])
  const [closures, setClosures] = useState<Closure[]>([])
  const [problem, setProblem] = useState('')
  const [moving, setMoving] = useState<string>()
  const [draft, setDraft] = useState({ clock: '10:00', day: '', resource: '', service: '' })

  const timeZone = venues.find(({ id }) => id === venue)?.timeZone ?? 'UTC'
  const days = useMemo(() => daysOf(day, view), [day, view])
  const range = useMemo(
    () => ({
      from: zonedInstant(days[0] ?? day, '00:00', timeZone),
      to: zonedInstant(days.at(-1) ?? day, '24:00', timeZone),
    }),
    [day, days, timeZone],
  )

  useEffect(() => {
    const get = (path: string) =>
      fetch(`${base}${path}`, { credentials: 'include' }).then(
        (response) => response.json() as Promise<{ docs?: unknown[] }>,
      )
    void get('/venues?depth=0&limit=200&sort=name&select[name]=true&select[timeZone]=true').then(
      (body) => {
        const docs = (body.docs ?? []) as Venue[]
        setVenues(docs)
        setVenue(new URLSearchParams(window.location.search).get('venue') ?? docs[0]?.id ?? '')
      },
    )
    void get('/services?depth=0&limit=200&sort=sortOrder&select[name]=true').then((body) =>
      setServices((body.docs ?? []) as Named[]),
    )
  }, [base])

  const load = useCallback(async () => {
    if (!venue) return
    const at = (time: number) => new Date(time).toISOString()
    const query = (params: Record<string, string>) => new URLSearchParams(params).toString()
    const [resourceList, appointmentList, closureList] = await Promise.all([
      fetch(
        `${base}/resources?${query({ depth: '0', limit: '200', sort: 'sortOrder', 'where[venue][equals]': venue })}`,
        { credentials: 'include' },
      ),
      fetch(
        `${base}/appointments?${query({
          depth: '1',
          limit: '1000',
          sort: 'start',
          'where[end][greater_than]': at(range.from),
          'where[start][less_than]': at(range.to),
          'where[venue][equals]': venue,
        })}`,
        { credentials: 'include' },
      ),
      fetch(
        `${base}/closures?${query({
          depth: '0',
          limit: '500',
          'where[endsAt][greater_than]': at(range.from),
          'where[startsAt][less_than]': at(range.to),
          'where[venue][equals]': venue,
        })}`,
        { credentials: 'include' },
      ),
    ])
    setProblem(
      (await problemOf(resourceList.clone())) || (await problemOf(appointmentList.clone())),
    )
    setResources(((await resourceList.json()) as { docs?: Named[] }).docs ?? [])
    setAppointments(((await appointmentList.json()) as { docs?: Appointment[] }).docs ?? [])
    setClosures(((await closureList.json()) as { docs?: Closure[] }).docs ?? [])
  }, [base, range, venue])

  useEffect(() => {
    void load()
  }, [load])

  const send = async (method: 'PATCH' | 'POST', path: string, body: object) => {
    const response = await fetch(`${base}${path}`, {
      body: JSON.stringify(body),
      credentials: 'include',
      headers: { 'Content-Type': 'application/json' },
      method,
    })
    setProblem(await problemOf(response))
    if (response.ok) await load()
    return response.ok
  }

  const clock = (at: string) => zonedClock(Date.parse(at), timeZone).clock
  const cellItems = (resource: string, date: string): Item[] => {
    const from = zonedInstant(date, '00:00', timeZone)
    const to = zonedInstant(date, '24:00', timeZone)
    const within = (start: string, end: string) => Date.parse(start) < to && Date.parse(end) > from
    const items: Item[] = closures
      .filter(
        (closure) =>
          (!closure.resource || closure.resource === resource) &&
          within(closure.startsAt, closure.endsAt),
      )
      .map((closure) => ({
        at: Date.parse(closure.startsAt),
        key: `closure-${closure.id}`,
        node: (
          <div className="appointment-calendar__closure" style={{ background: '#eee', padding: 4 }}>
            {closure.kind.replace('_', ' ')} {clock(closure.startsAt)}-{clock(closure.endsAt)}
            {closure.reason ? `: ${closure.reason}` : ''}
          </div>
        ),
      }))
    for (const appointment of appointments) {
      if (idOf(appointment.resource) !== resource || !within(appointment.start, appointment.end))
        continue
      const customer =
        typeof appointment.customer === 'object' && appointment.customer
          ? (appointment.customer.name ?? appointment.customer.email ?? '')
          : ''
      const active = ACTIVE.includes(appointment.status)
      items.push({
        at: Date.parse(appointment.start),
        key: appointment.id,
        node: (
          <div
            className={`appointment-calendar__appointment appointment-calendar__appointment--${appointment.status}`}
            style={{ border: '1px solid #ccc', opacity: active ? 1 : 0.5, padding: 4 }}
          >
            <strong>
              {clock(appointment.start)}-{clock(appointment.end)}
            </strong>{' '}
            {nameOf(appointment.service)} · {appointment.reference} · {appointment.status}
            {appointment.status === 'pending' && appointment.expiresAt
              ? ` (hold until ${clock(appointment.expiresAt)})`
              : ''}
            {customer ? ` · ${customer}` : ''}
            {active && appointment.status !== 'completed' && appointment.status !== 'no_show' ? (
              <div style={{ display: 'flex', flexWrap: 'wrap', gap: 4, marginTop: 4 }}>
                {appointment.status === 'pending' ? (
                  <button
                    onClick={() =>
                      void send('PATCH', `/appointments/${appointment.id}`, { status: 'confirmed' })
                    }
                    type="button"
                  >
                    Confirm
                  </button>
                ) : (
                  <>
                    <button
                      onClick={() =>
                        void send('PATCH', `/appointments/${appointment.id}`, {
                          status: 'completed',
                        })
                      }
                      type="button"
                    >
                      Completed
                    </button>
                    <button
                      onClick={() =>
                        void send('PATCH', `/appointments/${appointment.id}`, { status: 'no_show' })
                      }
                      type="button"
                    >
                      No-show
                    </button>
                  </>
                )}
                <button
                  onClick={() =>
                    void send('PATCH', `/appointments/${appointment.id}`, { status: 'cancelled' })
                  }
                  type="button"
                >
                  Cancel
                </button>
                <button
                  onClick={() => setMoving(moving === appointment.id ? undefined : appointment.id)}
                  type="button"
                >
                  Move
                </button>
              </div>
            ) : null}
            {moving === appointment.id ? (
              <MoveForm
                day={zonedClock(Date.parse(appointment.start), timeZone).day}
                onMove={async (target) => {
                  const moved = await send('PATCH', `/appointments/${appointment.id}`, {
                    resource: target.resource,
                    start: new Date(zonedInstant(target.day, target.clock, timeZone)).toISOString(),
                  })
                  if (moved) setMoving(undefined)
                }}
                resource={resource}
                resources={resources}
              />
            ) : null}
          </div>
        ),
      })
    }
    return items.sort((a, b) => a.at - b.at)
  }

  return (
    <div className="appointment-calendar" style={{ display: 'grid', gap: 16 }}>
      <h1>Appointments</h1>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
        <select
          aria-label="Venue"
          onChange={(change) => setVenue(change.target.value)}
          value={venue}
        >
          {venues.map((option) => (
            <option key={option.id} value={option.id}>
              {option.name}
            </option>
          ))}
        </select>
        <input
          aria-label="Day"
          onChange={(change) => setDay(change.target.value)}
          type="date"
          value={day}
        />
        <select
          aria-label="View"
          onChange={(change) => setView(change.target.value as 'day' | 'week')}
          value={view}
        >
          <option value="day">Day</option>
          <option value="week">Week</option>
        </select>
        <span>Times in {timeZone}</span>
      </div>
      {problem ? (
        <p className="appointment-calendar__problem" role="alert">
          {problem}
        </p>
      ) : null}
      <form
        aria-label="New appointment"
        onSubmit={(submit) => {
          submit.preventDefault()
          void send('POST', '/appointments', {
            ...(draft.resource ? { resource: draft.resource } : {}),
            service: draft.service || services[0]?.id,
            start: new Date(zonedInstant(draft.day || day, draft.clock, timeZone)).toISOString(),
            venue,
          })
        }}
        style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}
      >
        <strong>New appointment</strong>
        <select
          aria-label="Service"
          onChange={(change) => setDraft({ ...draft, service: change.target.value })}
          value={draft.service}
        >
          {services.map((option) => (
            <option key={option.id} value={option.id}>
              {option.name}
            </option>
          ))}
        </select>
        <select
          aria-label="Resource"
          onChange={(change) => setDraft({ ...draft, resource: change.target.value })}
          value={draft.resource}
        >
          <option value="">Any free resource</option>
          {resources.map((option) => (
            <option key={option.id} value={option.id}>
              {option.name}
            </option>
          ))}
        </select>
        <input
          aria-label="Date"
          onChange={(change) => setDraft({ ...draft, day: change.target.value })}
          type="date"
          value={draft.day || day}
        />
        <input
          aria-label="Time"
          onChange={(change) => setDraft({ ...draft, clock: change.target.value })}
          type="time"
          value={draft.clock}
        />
        <button type="submit">Book</button>
      </form>
      <div style={{ overflowX: 'auto' }}>
        <table
          className="appointment-calendar__grid"
          style={{ borderCollapse: 'collapse', width: '100%' }}
        >
          <thead>
            <tr>
              <th scope="col">Resource</th>
              {days.map((date) => (
                <th key={date} scope="col">
                  {new Date(`${date}T12:00:00Z`).toLocaleDateString('en-GB', {
                    day: 'numeric',
                    month: 'short',
                    weekday: 'short',
                  })}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {resources.map((resource) => (
              <tr key={resource.id}>
                <th scope="row" style={{ textAlign: 'left', verticalAlign: 'top' }}>
                  {resource.name}
                </th>
                {days.map((date) => (
                  <td
                    key={date}
                    style={{ borderTop: '1px solid #ddd', minWidth: 140, verticalAlign: 'top' }}
                  >
                    <div style={{ display: 'grid', gap: 4 }}>
                      {cellItems(resource.id, date).map((item) => (
                        <div key={item.key}>{item.node}</div>
                      ))}
                    </div>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  )
}

/** Moving an appointment: a new day, time and resource on the venue's clock. */
const MoveForm = ({
  day,
  onMove,
  resource,
  resources,
}: {
  day: string
  onMove: (target: { clock: string; day: string; resource: string }) => Promise<void>
  resource: string
  resources: Named[]
}) => {
  const [target, setTarget] = useState({ clock: '10:00', day, resource })
  return (
    <form
      aria-label="Move appointment"
      onSubmit={(submit) => {
        submit.preventDefault()
        void onMove(target)
      }}
      style={{ display: 'flex', flexWrap: 'wrap', gap: 4, marginTop: 4 }}
    >
      <input
        aria-label="New date"
        onChange={(change) => setTarget({ ...target, day: change.target.value })}
        type="date"
        value={target.day}
      />
      <input
        aria-label="New time"
        onChange={(change) => setTarget({ ...target, clock: change.target.value })}
        type="time"
        value={target.clock}
      />
      <select
        aria-label="New resource"
        onChange={(change) => setTarget({ ...target, resource: change.target.value })}
        value={target.resource}
      >
        {resources.map((option) => (
          <option key={option.id} value={option.id}>
            {option.name}
          </option>
        ))}
      </select>
      <button type="submit">Move here</button>
    </form>
  )
}
