export { createAuditLogsCollection } from '../collections/AuditLogs'
export { createBookingsCollection } from '../collections/Bookings'
export { type BookingStatus, bookingStatuses } from '../collections/Bookings/bookingRules'
export { createEventsCollection, eventCategories, eventStatuses } from '../collections/Events'
export { createMediaCollection, mediaMimeTypes } from '../collections/Media'
export { createPagesCollection } from '../collections/Pages'
export { createTagsCollection } from '../collections/Tags'
export { createUsersCollection } from '../collections/Users'
export { amenities, createVenuesCollection } from '../collections/Venues'
export { createSiteSettingsGlobal } from '../globals/SiteSettings'
export { adminsOnly, adminsOnlyField } from './access/adminsOnly'
export { adminsOrSelf } from './access/adminsOrSelf'
export { anyone } from './access/anyone'
export { authenticated } from './access/authenticated'
export { or } from './access/or'
export { canEditPages, pageEditors, publicPagesWhere, readPages } from './access/pageAccess'
export { hasRole, type Role, roles } from './access/roles'
export { staff } from './access/staff'
export { verifyAuditChain } from './audit/verifyAuditChain'
export { type AuditAction, auditActions, writeAuditLog } from './audit/writeAuditLog'
export { auditLogDown, auditLogUp } from './db/auditLogSql'
export { auditPartitionsDown, auditPartitionsUp } from './db/auditPartitionsSql'
export {
  ContactFormBlock,
  EventListBlock,
  GalleryBlock,
  HeroBlock,
  ImageBlock,
  pageBlocks,
  RichTextBlock,
  VideoBlock,
} from './blocks'
export { eventRulesDown, eventRulesUp } from './db/eventRulesSql'
export { pageRulesDown, pageRulesUp } from './db/pageRulesSql'
export { EXPIRE_HOLDS_TASK } from './jobs/expireBookingHolds'
export { MAINTAIN_AUDIT_PARTITIONS_TASK } from './jobs/maintainAuditPartitions'
export { eventsCmsPlugin } from './plugin'
export { seed } from './seed/seed'
export {
  getListedEvents,
  getPublicSettings,
  getPublishedEvent,
  getPublishedPage,
} from './site/data'
export { globalSlugs, slugs } from './slugs'
export type { CollectionExtension, EventsCmsPluginConfig } from './types'
export { afterCommit } from './utilities/afterCommit'
export { cached, invalidateCache } from './utilities/publicCache'
export { PublicError } from './utilities/publicError'
export { searchEvents } from './utilities/searchEvents'
