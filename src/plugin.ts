import { formBuilderPlugin } from '@payloadcms/plugin-form-builder'
import type { CollectionConfig, Config } from 'payload'

import { createAuditLogsCollection } from '../collections/AuditLogs'
import { createBookingsCollection } from '../collections/Bookings'
import { createEventsCollection } from '../collections/Events'
import { createMediaCollection } from '../collections/Media'
import { createPagesCollection } from '../collections/Pages'
import { createTagsCollection } from '../collections/Tags'
import { createUsersCollection } from '../collections/Users'
import { createVenuesCollection } from '../collections/Venues'
import { createSiteSettingsGlobal } from '../globals/SiteSettings'
import { defaults } from './defaults'
import { formBuilderOptions } from './forms/formBuilderOptions'
import { searchEventsQuery } from './graphql/searchEventsQuery'
import { expireBookingHoldsTask } from './jobs/expireBookingHolds'
import { maintainAuditPartitionsTask } from './jobs/maintainAuditPartitions'
import type { EventsCmsPluginConfig } from './types'
import { auditGraphQLLoginFailed } from '../hooks/auditChanges'
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
  (appConfig: Config): Config => {
    // The contact-form block needs the form builder's `forms`; it is added first so that its
    // collections are audited like every other.
    const incomingConfig = formBuilderPlugin(formBuilderOptions())(appConfig)
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
      applyExtension(createPagesCollection(), extensions.pages),
      applyExtension(createBookingsCollection(bookingOptions), extensions.bookings),
    ]
    const ours = [...(enabled ? built : built.map(withoutBehaviour)), createAuditLogsCollection()]

    const siteSettings = createSiteSettingsGlobal()
    const ourGlobals = [enabled ? siteSettings : { ...siteSettings, endpoints: [], hooks: {} }]

    const existing = new Set(
      [...(incomingConfig.collections ?? []), ...(incomingConfig.globals ?? [])].map(
        ({ slug }) => slug,
      ),
    )
    const clash = [...ours, ...ourGlobals].find(({ slug }) => existing.has(slug))
    if (clash) {
      throw new Error(
        `eventsCmsPlugin: the config already has a "${clash.slug}" collection or global. ` +
          `Change the plugin's one through the plugin options instead.`,
      )
    }

    // Registered and scheduled either way (scheduling adds schema); disabled, it does nothing.
    const expireTask = {
      ...expireBookingHoldsTask,
      ...(enabled ? {} : { handler: () => ({ output: { expired: 0 } }) }),
      schedule: [{ cron: '* * * * *', queue }],
    }

    const auditTask = maintainAuditPartitionsTask({
      monthsAhead: options.audit?.monthsAhead ?? defaults.auditMonthsAhead,
      retentionMonths: options.audit?.retentionMonths,
    })
    const partitionTask = {
      ...auditTask,
      ...(enabled ? {} : { handler: () => ({ output: { created: 0, dropped: [] } }) }),
      // Daily; the append function creates a missing month itself, so a late run loses nothing.
      schedule: [{ cron: '17 3 * * *', queue: options.audit?.queue ?? defaults.maintenanceQueue }],
    }

    const incomingQueries = incomingConfig.graphQL?.queries
    const collections = [...(incomingConfig.collections ?? []), ...ours]
    const globals = [...(incomingConfig.globals ?? []), ...ourGlobals]
    const exclude = new Set(options.audit?.exclude ?? [])
    const maxFileSize = options.media?.maxFileSize ?? defaults.maxFileSize
    return {
      ...incomingConfig,
      admin: { ...incomingConfig.admin, user: incomingConfig.admin?.user ?? 'users' },
      // Read by the app's Next.js fast paths, which must not serve a cache nothing invalidates.
      custom: { ...incomingConfig.custom, eventsCms: { enabled } },
      collections: enabled
        ? collections.map((collection) => withAudit(collection, exclude))
        : collections,
      globals: enabled ? globals.map((global) => withGlobalAudit(global, exclude)) : globals,
      hooks: {
        ...incomingConfig.hooks,
        afterError: [
          ...(incomingConfig.hooks?.afterError ?? []),
          ...(enabled ? [auditGraphQLLoginFailed] : []),
        ],
      },
      graphQL: {
        ...incomingConfig.graphQL,
        queries: (graphQL, context) => ({
          ...incomingQueries?.(graphQL, context),
          ...(enabled ? searchEventsQuery(graphQL, context) : {}),
        }),
      },
      upload: {
        ...incomingConfig.upload,
        limits: { fileSize: maxFileSize, ...incomingConfig.upload?.limits },
        responseOnLimit:
          incomingConfig.upload?.responseOnLimit ??
          `The file is larger than the ${Math.round(maxFileSize / 1024 / 1024)} MB upload limit.`,
      },
      jobs: {
        ...incomingConfig.jobs,
        tasks: [...(incomingConfig.jobs?.tasks ?? []), expireTask, partitionTask],
      },
    }
  }
