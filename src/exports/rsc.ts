/** `payload-events-cms/rsc`: server components for the admin panel (the import map names them). */
export { AuditHistory } from '../components/AuditHistory'
