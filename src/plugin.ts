import type { CollectionConfig, Config } from 'payload'

import { createAuditLogsCollection } from '../collections/AuditLogs'
import { createBookingsCollection } from '../collections/Bookings'
import { createEventsCollection } from '../collections/Events'
import { createMediaCollection } from '../collections/Media'
import { createTagsCollection } from '../collections/Tags'
import { createUsersCollection } from '../collections/Users'
import { createVenuesCollection } from '../collections/Venues'
import { defaults } from './defaults'
import { searchEventsQuery } from './graphql/searchEventsQuery'
import { expireBookingHoldsTask } from './jobs/expireBookingHolds'
import type { EventsCmsPluginConfig } from './types'
import { withAudit, withGlobalAudit } from './audit/withAudit'
import { applyExtension } from './utilities/applyExtension'

/** Keeps the schema (collections, fields) but drops behaviour, so a disabled plugin needs no migration. */
const withoutBehaviour = (collection: CollectionConfig): CollectionConfig => ({
  ...collection,
  endpoints: [],
  hooks: {},
})

export const eventsCmsPlugin =
  (options: EventsCmsPluginConfig = {}) =>
  (incomingConfig: Config): Config => {
    const enabled = options.enabled ?? true
    const bookingOptions = {
      holdMinutes: options.bookings?.holdMinutes ?? defaults.holdMinutes,
      maxSeatsPerBooking: options.bookings?.maxSeatsPerBooking ?? defaults.maxSeatsPerBooking,
    }
    const queue = options.bookings?.queue ?? defaults.queue
    const extensions = options.collections ?? {}

    const built: CollectionConfig[] = [
      applyExtension(createUsersCollection(), extensions.users),
      applyExtension(createMediaCollection(), extensions.media),
      applyExtension(createVenuesCollection(), extensions.venues),
      applyExtension(createTagsCollection(), extensions.tags),
      applyExtension(createEventsCollection(), extensions.events),
      applyExtension(createBookingsCollection(bookingOptions), extensions.bookings),
    ]
    const ours = [...(enabled ? built : built.map(withoutBehaviour)), createAuditLogsCollection()]

    const existing = new Set((incomingConfig.collections ?? []).map(({ slug }) => slug))
    const clash = ours.find(({ slug }) => existing.has(slug))
    if (clash) {
      throw new Error(
        `eventsCmsPlugin: the config already has a "${clash.slug}" collection. ` +
          `Change the plugin's one with the plugin option collections.${clash.slug}.override instead.`,
      )
    }

    // Registered and scheduled either way (scheduling adds schema); disabled, it does nothing.
    const expireTask = {
      ...expireBookingHoldsTask,
      ...(enabled ? {} : { handler: () => ({ output: { expired: 0 } }) }),
      schedule: [{ cron: '* * * * *', queue }],
    }

    const incomingQueries = incomingConfig.graphQL?.queries
    const collections = [...(incomingConfig.collections ?? []), ...ours]
    const exclude = new Set(options.audit?.exclude ?? [])
    return {
      ...incomingConfig,
      admin: { ...incomingConfig.admin, user: incomingConfig.admin?.user ?? 'users' },
      collections: enabled
        ? collections.map((collection) => withAudit(collection, exclude))
        : collections,
      globals: enabled
        ? (incomingConfig.globals ?? []).map((global) => withGlobalAudit(global, exclude))
        : incomingConfig.globals,
      graphQL: {
        ...incomingConfig.graphQL,
        queries: (graphQL, context) => ({
          ...incomingQueries?.(graphQL, context),
          ...(enabled ? searchEventsQuery(graphQL, context) : {}),
        }),
      },
      jobs: {
        ...incomingConfig.jobs,
        tasks: [...(incomingConfig.jobs?.tasks ?? []), expireTask],
      },
    }
  }
