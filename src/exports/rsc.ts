/** `payload-events-cms/rsc`: server components for the admin panel (the import map names them). */
export { AuditChangesField } from '../components/AuditChanges'
export { AuditHistory } from '../components/AuditHistory'
export {
  AppointmentsView,
  AttendeesView,
  CheckInView,
  TicketingNavLinks,
} from '../components/TicketingViews'
