'use client'
import { useEffect, useState } from 'react'

import { useApiBase } from './useApiBase'

type EventOption = { id: string; title: string }
type Attendee = {
  attendeeName: null | string
  bookerEmail: null | string
  bookerName: null | string
  bookingReference: string
  bookingStatus: string
  checkedInAt: null | string
  gate: null | string
  ticket: string
  ticketType: string
}
type Page = { docs: Attendee[]; page: number; totalDocs: number; totalPages: number }

/**
 * The attendee list of one of the organizer's events (GET /api/events/:id/attendees): search by
 * name, email or booking reference, page through, download it all as CSV.
 */
export const AttendeeList = () => {
  const base = useApiBase()
  const [events, setEvents] = useState<EventOption[]>([])
  const [event, setEvent] = useState('')
  const [q, setQ] = useState('')
  const [page, setPage] = useState(1)
  const [list, setList] = useState<Page>()
  const [problem, setProblem] = useState('')

  useEffect(() => {
    const wanted = new URLSearchParams(window.location.search).get('event')
    void fetch(`${base}/events?depth=0&limit=100&sort=-startDate&select[title]=true`, {
      credentials: 'include',
    })
      .then((response) => response.json())
      .then((body: { docs?: EventOption[] }) => {
        setEvents(body.docs ?? [])
        setEvent(wanted ?? String(body.docs?.[0]?.id ?? ''))
      })
  }, [base])

  useEffect(() => {
    if (!event) return
    const search = new URLSearchParams({ limit: '50', page: String(page), ...(q ? { q } : {}) })
    void fetch(`${base}/events/${event}/attendees?${search}`, { credentials: 'include' }).then(
      async (response) => {
        const body = (await response.json()) as Page & { errors?: { message: string }[] }
        setProblem(response.ok ? '' : (body.errors?.[0]?.message ?? `HTTP ${response.status}`))
        setList(response.ok ? body : undefined)
      },
    )
  }, [base, event, page, q])

  return (
    <div className="attendee-list" style={{ display: 'grid', gap: 16 }}>
      <h1>Attendees</h1>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
        <select
          aria-label="Event"
          onChange={(change) => {
            setEvent(change.target.value)
            setPage(1)
          }}
          value={event}
        >
          {events.map((option) => (
            <option key={option.id} value={option.id}>
              {option.title}
            </option>
          ))}
        </select>
        <input
          aria-label="Search attendees"
          onChange={(change) => {
            setQ(change.target.value)
            setPage(1)
          }}
          placeholder="Name, email or booking reference"
          value={q}
        />
        {event ? (
          <a
            download
            href={`${base}/events/${event}/attendees?format=csv${q ? `&q=${encodeURIComponent(q)}` : ''}`}
          >
            Download CSV
          </a>
        ) : null}
      </div>
      {problem ? <p role="alert">{problem}</p> : null}
      {list ? (
        <>
          <p>{list.totalDocs} tickets</p>
          <table
            className="attendee-list__table"
            style={{ borderCollapse: 'collapse', width: '100%' }}
          >
            <thead>
              <tr>
                {['Attendee', 'Ticket type', 'Booking', 'Booked by', 'Status', 'Checked in'].map(
                  (name) => (
                    <th key={name} style={{ padding: 4, textAlign: 'left' }}>
                      {name}
                    </th>
                  ),
                )}
              </tr>
            </thead>
            <tbody>
              {list.docs.map((row) => (
                <tr key={row.ticket}>
                  <td style={{ padding: 4 }}>{row.attendeeName ?? '—'}</td>
                  <td style={{ padding: 4 }}>{row.ticketType}</td>
                  <td style={{ padding: 4 }}>{row.bookingReference}</td>
                  <td style={{ padding: 4 }}>
                    {row.bookerName ?? ''} {row.bookerEmail ? `<${row.bookerEmail}>` : ''}
                  </td>
                  <td style={{ padding: 4 }}>{row.bookingStatus}</td>
                  <td style={{ padding: 4 }}>
                    {row.checkedInAt
                      ? `${new Date(row.checkedInAt).toLocaleString()}${row.gate ? ` (${row.gate})` : ''}`
                      : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {list.totalPages > 1 ? (
            <div style={{ display: 'flex', gap: 8 }}>
              <button disabled={page <= 1} onClick={() => setPage(page - 1)} type="button">
                Previous
              </button>
              <span>
                Page {list.page} of {list.totalPages}
              </span>
              <button
                disabled={page >= list.totalPages}
                onClick={() => setPage(page + 1)}
                type="button"
              >
                Next
              </button>
            </div>
          ) : null}
        </>
      ) : null}
    </div>
  )
}
