import { DefaultTemplate } from '@payloadcms/next/templates'
import { Gutter } from '@payloadcms/ui'
import type { AdminViewServerProps, Payload } from 'payload'

import { settingsOf } from '../settings'

import { AppointmentCalendar } from './AppointmentCalendar'
import { AttendeeList } from './AttendeeList'
import { CheckInDesk } from './CheckInDesk'

/** The admin frame (navigation, account) around one of the ticketing screens. */
const inAdmin = (
  { initPageResult, params, searchParams }: AdminViewServerProps,
  content: React.ReactNode,
) => (
  <DefaultTemplate
    i18n={initPageResult.req.i18n}
    locale={initPageResult.locale}
    params={params}
    payload={initPageResult.req.payload}
    permissions={initPageResult.permissions}
    searchParams={searchParams}
    user={initPageResult.req.user || undefined}
    visibleEntities={initPageResult.visibleEntities}
  >
    <Gutter>{content}</Gutter>
  </DefaultTemplate>
)

/** /admin/check-in: the door (see CheckInDesk). */
export const CheckInView = (props: AdminViewServerProps) => inAdmin(props, <CheckInDesk />)

/** /admin/attendees: an event's attendee list (see AttendeeList). */
export const AttendeesView = (props: AdminViewServerProps) => inAdmin(props, <AttendeeList />)

/** /admin/appointments: a venue's day or week per resource (see AppointmentCalendar). */
export const AppointmentsView = (props: AdminViewServerProps) =>
  inAdmin(props, <AppointmentCalendar />)

/** Links to the screens at the end of the admin's navigation. */
export const TicketingNavLinks = ({ payload }: { payload: Pick<Payload, 'config'> }) => (
  <div className="ticketing-nav-links" style={{ display: 'grid', gap: 4, marginTop: 16 }}>
    <a href={`${payload.config.routes.admin}/check-in`}>Check-in</a>
    <a href={`${payload.config.routes.admin}/attendees`}>Attendees</a>
    {settingsOf(payload).parts.appointments ? (
      <a href={`${payload.config.routes.admin}/appointments`}>Appointments</a>
    ) : null}
  </div>
)
