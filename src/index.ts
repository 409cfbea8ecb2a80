/**
 * `payload-events-cms`: the two plugins, their option and document types, and the few helpers a
 * host app needs everywhere. The rest is in named subpaths: `/platform`, `/routes`, `/site`,
 * `/collections`, `/access`, `/audit`, `/privacy`, `/tickets`, `/migrations`, `/client`, `/rsc`
 * (docs/api.md lists them).
 */
export { eventsCmsPlugin } from './plugin/eventsCmsPlugin'
export { platformPlugin } from './platform/platformPlugin'
export type { PlatformPluginConfig } from './platform/types'
export type {
  CollectionExtension,
  EventsCmsPluginConfig,
  ExtendableCollection,
} from './plugin/options'
export { EVENTS_CMS_PLUGIN_ORDER, EVENTS_CMS_PLUGIN_SLUG } from './defaults'
export { type PluginParts, type PluginSettings, settingsOf } from './settings'
export { globalSlugs, type ResolvedSlugs, slugs } from './slugs'
export type { AccountDoc, BookingDoc, BookingStatus, EventDoc, PageDoc } from './documents'
export { type DocId, type IdType, idOf, parseId } from './utilities/ids'
export { hasRole, type Role, roles } from './access/roles'
export { PublicError } from './utilities/publicError'
export { devMailboxAdapter } from './mail/devMailbox'
export { mailAdapterFromEnv } from './mail/mailAdapterFromEnv'
export { manualPaymentAdapter } from './payments/manualAdapter'
export { currencyDigits, fromMinorUnits, toMinorUnits } from './payments/minorUnits'
export type {
  Checkout,
  CheckoutRequest,
  PaymentAdapter,
  PaymentNotice,
  RefundRequest,
  RefundResult,
} from './payments/paymentAdapter'
export { WebhookRefused } from './payments/paymentAdapter'
export { paymentAdaptersFromEnv } from './payments/paymentAdaptersFromEnv'
export { stripePaymentAdapter } from './payments/stripeAdapter'
export { testPaymentAdapter } from './payments/testAdapter'
