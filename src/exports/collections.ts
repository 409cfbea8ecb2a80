/**
 * `payload-events-cms/collections`: the events plugin's collection, global and block factories
 * and their constants, for an app that builds its own collections from them (see
 * docs/extending.md; most apps only pass `collections` options to eventsCmsPlugin()).
 */
export {
  type Availability,
  availability,
  type AvailabilityArgs,
} from '../../collections/Appointments/availabilityEndpoint'
export { createAppointment } from '../../collections/Appointments/createAppointmentEndpoint'
export {
  appointmentStatuses,
  createAppointmentsCollection,
} from '../../collections/Appointments/index'
export { closureKinds, createClosuresCollection } from '../../collections/Closures/index'
export { createResourcesCollection, resourceKinds } from '../../collections/Resources/index'
export { createServicesCollection } from '../../collections/Services/index'
export { createAuditLogsCollection } from '../../collections/AuditLogs/index'
export { MAINTAIN_AUDIT_PARTITIONS_TASK } from '../../collections/AuditLogs/maintainAuditPartitionsTask'
export { bookingStatuses } from '../../collections/Bookings/bookingRules'
export { cancelBooking } from '../../collections/Bookings/bookingUpdateEndpoint'
export { ticketsOfBooking } from '../../collections/Bookings/bookingTicketsEndpoint'
export { book, type Booked } from '../../collections/Bookings/operations/book'
export { EXPIRE_HOLDS_TASK } from '../../collections/Bookings/expireBookingHoldsTask'
export { createBookingsCollection } from '../../collections/Bookings/index'
export { createEventsCollection, eventStatuses } from '../../collections/Events/index'
export { searchEvents } from '../../collections/Events/searchEvents'
export {
  adoptMediaCollection,
  createMediaCollection,
  mediaImageSizes,
  mediaMimeTypes,
} from '../../collections/Media/index'
export { createPagesCollection } from '../../collections/Pages/index'
export {
  applyPaymentNotice,
  type NoticeResult,
} from '../../collections/Payments/applyPaymentNotice'
export {
  createPaymentEventsCollection,
  createPaymentsCollection,
  createRefundsCollection,
} from '../../collections/Payments/index'
export { paymentStatuses, refundStatuses } from '../../collections/Payments/paymentRules'
export { startRefund } from '../../collections/Payments/refunds'
export { startCheckout } from '../../collections/Payments/paymentEndpoints'
export { createTagsCollection } from '../../collections/Tags/index'
export { adoptUsersCollection, createUsersCollection } from '../../collections/Users/index'
export { amenities, createVenuesCollection } from '../../collections/Venues/index'
export { createSiteSettingsGlobal } from '../../globals/SiteSettings/index'
export { createWaitingListCollection } from '../../collections/WaitingList/index'
export {
  acceptOffer,
  declineOffer,
  offerByToken,
  type OfferView,
} from '../../collections/WaitingList/waitingListEndpoints'
export {
  confirmGuestEntry,
  type GuestConfirmation,
  guestRequestByLink,
  type GuestRequestView,
} from '../../collections/WaitingList/guestEntries'
export { waitingListStatuses } from '../../collections/WaitingList/waitingListRules'
export {
  createContactFormBlock,
  createGalleryBlock,
  createHeroBlock,
  createImageBlock,
  createPageBlocks,
  createVideoBlock,
  EventListBlock,
  RichTextBlock,
} from '../blocks/index'
export { eventCategories } from '../fields/eventCategories'
export { openingHoursField, weekDays } from '../fields/openingHours'
export { slugField } from '../fields/slugField'
export { timeZoneField } from '../fields/timeZoneField'
