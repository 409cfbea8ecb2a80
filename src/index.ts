/** `payload-events-cms`: the plugin, its collection factories, access helpers and types. */
export { eventsCmsPlugin } from './plugin/eventsCmsPlugin.js'
export type { CollectionExtension, EventsCmsPluginConfig, ExtendableCollection } from './types.js'
export { EVENTS_CMS_PLUGIN_ORDER, EVENTS_CMS_PLUGIN_SLUG } from './defaults.js'
export { type PluginParts, type PluginSettings, settingsOf } from './settings.js'
export { globalSlugs, type ResolvedSlugs, slugs } from './slugs.js'
export type { AccountDoc, BookingDoc, BookingStatus, EventDoc, PageDoc } from './documents.js'
export { type DocId, type IdType, idOf, parseId } from './utilities/ids.js'

export { createAuditLogsCollection } from '../collections/AuditLogs/index.js'
export { MAINTAIN_AUDIT_PARTITIONS_TASK } from '../collections/AuditLogs/maintainAuditPartitionsTask.js'
export { bookingStatuses } from '../collections/Bookings/bookingRules.js'
export { EXPIRE_HOLDS_TASK } from '../collections/Bookings/expireBookingHoldsTask.js'
export { createBookingsCollection } from '../collections/Bookings/index.js'
export { createEventsCollection, eventStatuses } from '../collections/Events/index.js'
export { searchEvents } from '../collections/Events/searchEvents.js'
export {
  adoptMediaCollection,
  createMediaCollection,
  mediaImageSizes,
  mediaMimeTypes,
} from '../collections/Media/index.js'
export { createPagesCollection } from '../collections/Pages/index.js'
export { createTagsCollection } from '../collections/Tags/index.js'
export { adoptUsersCollection, createUsersCollection } from '../collections/Users/index.js'
export { amenities, createVenuesCollection } from '../collections/Venues/index.js'
export { createSiteSettingsGlobal } from '../globals/SiteSettings/index.js'

export { adminsOnly, adminsOnlyField } from './access/adminsOnly.js'
export { adminsOrSelf } from './access/adminsOrSelf.js'
export { anyone } from './access/anyone.js'
export { authenticated } from './access/authenticated.js'
export { or } from './access/or.js'
export { canEditPages, pageEditors, publicPagesWhere, readPages } from './access/pageAccess.js'
export { hasRole, isPluginUser, type Role, roles } from './access/roles.js'
export { staff } from './access/staff.js'
export { verifyAuditChain } from './audit/verifyAuditChain.js'
export { type AuditAction, auditActions, writeAuditLog } from './audit/writeAuditLog.js'
export {
  createContactFormBlock,
  createGalleryBlock,
  createHeroBlock,
  createImageBlock,
  createPageBlocks,
  createVideoBlock,
  EventListBlock,
  RichTextBlock,
} from './blocks/index.js'
export { eventCategories } from './fields/eventCategories.js'
export { slugField } from './fields/slugField.js'
export {
  getListedEvents,
  getPublicSettings,
  getPublishedEvent,
  getPublishedPage,
} from './site/data.js'
export { publicSettingsResponse, publishedPageResponse } from './site/publicResponses.js'
export { afterCommit } from './utilities/afterCommit.js'
export { cached, invalidateCache } from './utilities/publicCache.js'
export { PublicError } from './utilities/publicError.js'
export { slugify } from './utilities/slugify.js'
export { parseVideoUrl } from './utilities/videoUrl.js'
export { HOME_SLUG, pagePath } from './utilities/pagePath.js'
