/** `payload-events-cms`: the plugin, its collection factories, access helpers and types. */
export { eventsCmsPlugin } from './plugin/eventsCmsPlugin'
export type { CollectionExtension, EventsCmsPluginConfig, ExtendableCollection } from './types'
export { EVENTS_CMS_PLUGIN_ORDER, EVENTS_CMS_PLUGIN_SLUG } from './defaults'
export { type PluginParts, type PluginSettings, settingsOf } from './settings'
export { globalSlugs, type ResolvedSlugs, slugs } from './slugs'
export type { AccountDoc, BookingDoc, BookingStatus, EventDoc, PageDoc } from './documents'
export { type DocId, type IdType, idOf, parseId } from './utilities/ids'
export { READABLE_ALPHABET, readableCode } from './utilities/readableCode'
export {
  normalizeTicketCode,
  ticketCode,
  ticketCodeHash,
  ticketCodeKey,
  ticketCodeKeyFrom,
} from './tickets/ticketCodes'

export { createAuditLogsCollection } from '../collections/AuditLogs/index'
export { MAINTAIN_AUDIT_PARTITIONS_TASK } from '../collections/AuditLogs/maintainAuditPartitionsTask'
export { bookingStatuses } from '../collections/Bookings/bookingRules'
export { EXPIRE_HOLDS_TASK } from '../collections/Bookings/expireBookingHoldsTask'
export { createBookingsCollection } from '../collections/Bookings/index'
export { createEventsCollection, eventStatuses } from '../collections/Events/index'
export { searchEvents } from '../collections/Events/searchEvents'
export {
  adoptMediaCollection,
  createMediaCollection,
  mediaImageSizes,
  mediaMimeTypes,
} from '../collections/Media/index'
export { createPagesCollection } from '../collections/Pages/index'
export { createTagsCollection } from '../collections/Tags/index'
export { adoptUsersCollection, createUsersCollection } from '../collections/Users/index'
export { amenities, createVenuesCollection } from '../collections/Venues/index'
export { createSiteSettingsGlobal } from '../globals/SiteSettings/index'

export { adminsOnly, adminsOnlyField } from './access/adminsOnly'
export { adminsOrSelf } from './access/adminsOrSelf'
export { anyone } from './access/anyone'
export { authenticated } from './access/authenticated'
export { or } from './access/or'
export { canEditPages, pageEditors, publicPagesWhere, readPages } from './access/pageAccess'
export { hasRole, isPluginUser, type Role, roles } from './access/roles'
export { staff } from './access/staff'
export { presentAuditChanges } from './audit/personalParts'
export { type SqlClient, verifyAuditChain } from './audit/verifyAuditChain'
export { eraseAccount, erasedEmail, type ErasureReport } from './privacy/eraseAccount'
export { exportPersonalData } from './privacy/exportPersonalData'
export { APPLY_RETENTION_TASK, applyRetention } from './privacy/applyRetentionTask'
export { type AuditAction, auditActions, writeAuditLog } from './audit/writeAuditLog'
export {
  createContactFormBlock,
  createGalleryBlock,
  createHeroBlock,
  createImageBlock,
  createPageBlocks,
  createVideoBlock,
  EventListBlock,
  RichTextBlock,
} from './blocks/index'
export { eventCategories } from './fields/eventCategories'
export { slugField } from './fields/slugField'
export {
  getListedEvents,
  getPublicSettings,
  getPublishedEvent,
  getPublishedPage,
} from './site/data'
export { publicSettingsResponse, publishedPageResponse } from './site/publicResponses'
export { afterCommit } from './utilities/afterCommit'
export { cached, cacheMode, cacheSize, invalidateCache } from './utilities/publicCache'
export { notifyCacheChange, startCacheListener, stopCacheListener } from './utilities/cacheListener'
export { PublicError } from './utilities/publicError'
export { slugify } from './utilities/slugify'
export { parseVideoUrl } from './utilities/videoUrl'
export { HOME_SLUG, pagePath } from './utilities/pagePath'
export { type HealthOptions, LAST_BACKUP_KEY } from './health/healthEndpoint'
export { databaseFault, type DatabaseFault } from './db/databaseFaults'
export { type DatabaseTimeouts, defaultTimeouts, poolsOf } from './db/databaseResilience'
