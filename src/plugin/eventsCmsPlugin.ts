import { formBuilderPlugin } from '@payloadcms/plugin-form-builder'
import type { CollectionConfig, Config, GlobalConfig, Plugin } from 'payload'

import { createAppointmentsCollection } from '../../collections/Appointments/index'
import { availabilityEndpoint } from '../../collections/Appointments/availabilityEndpoint'
import { availabilityQuery } from '../../collections/Appointments/availabilityQuery'
import { createAuditLogsCollection } from '../../collections/AuditLogs/index'
import { createBookingsCollection } from '../../collections/Bookings/index'
import { ticketingMutations } from '../../collections/Bookings/ticketingMutations'
import { createCheckInsCollection } from '../../collections/CheckIns/index'
import { createClosuresCollection } from '../../collections/Closures/index'
import { createEventsCollection } from '../../collections/Events/index'
import { createMailsCollection } from '../../collections/Mails/index'
import { createMailTemplatesCollection } from '../../collections/MailTemplates/index'
import { searchEventsQuery } from '../../collections/Events/searchEventsQuery'
import { formBuilderOptions } from '../../collections/Forms/formBuilderOptions'
import { createMediaCollection } from '../../collections/Media/index'
import { createPagesCollection } from '../../collections/Pages/index'
import { createResourcesCollection } from '../../collections/Resources/index'
import { createServicesCollection } from '../../collections/Services/index'
import { createTagsCollection } from '../../collections/Tags/index'
import { createTicketsCollection } from '../../collections/Tickets/index'
import { createTicketTypesCollection } from '../../collections/TicketTypes/index'
import { createVenuesCollection } from '../../collections/Venues/index'
import { createWaitingListCollection } from '../../collections/WaitingList/index'
import {
  createPaymentEventsCollection,
  createPaymentsCollection,
  createRefundsCollection,
} from '../../collections/Payments/index'
import { createNavigationGlobal } from '../../globals/Navigation/index'
import { createSiteSettingsGlobal } from '../../globals/SiteSettings/index'
import { auditGraphQLLoginFailed } from '../../hooks/auditChanges'
import { defaults, EVENTS_CMS_PLUGIN_ORDER, EVENTS_CMS_PLUGIN_SLUG } from '../defaults'
import { devMailboxAdapter } from '../mail/devMailbox'
import { hasPlatformPlugin, platformPlugin } from '../platform/platformPlugin'
import { PLATFORM_OPTIONS } from '../platform/types'
import { SETTINGS_KEY } from '../settings'
import { PLATFORM_SETTINGS_KEY } from '../utilities/platformSettings'
import { globalWithCacheInvalidation, withCacheInvalidation } from '../site/cacheDependencies'
import type { EventsCmsPluginConfig } from './options'
import { adoptAppCollections } from './adoptAppCollections'
import { applyExtension } from './applyExtension'
import { withFolderAccess } from './internalCollections'
import { withPluginTasks } from './pluginTasks'
import { resolveSettings } from './resolveSettings'
import { withStartUp } from './startUp'
import { withAudit, withGlobalAudit } from './withAudit'
import { globalWithoutBehaviour, withoutBehaviour } from './withBehaviour'

/** The admin's own views (attendees, check-in desk, appointments) and their links in the navigation. */
const withTicketingViews = (
  admin: Config['admin'],
  appointments: boolean,
): NonNullable<Config['admin']>['components'] => ({
  ...admin?.components,
  afterNavLinks: [
    ...(admin?.components?.afterNavLinks ?? []),
    'payload-events-cms/rsc#TicketingNavLinks',
  ],
  views: {
    ...admin?.components?.views,
    ...(appointments
      ? {
          appointments: {
            Component: 'payload-events-cms/rsc#AppointmentsView',
            path: '/appointments',
          },
        }
      : {}),
    attendees: { Component: 'payload-events-cms/rsc#AttendeesView', path: '/attendees' },
    checkIn: { Component: 'payload-events-cms/rsc#CheckInView', path: '/check-in' },
  },
})

/**
 * The events CMS: venues, tags, events, bookings, tickets, pages, media, site settings, forms and
 * an audit log, with their rules in hooks and in PostgreSQL. It joins the app's own `users`,
 * `media` and form builder instead of replacing them, and runs late (`order`) so that it sees
 * every collection. It brings the platform plugin (limits, timeouts, health, cache) along unless
 * the app lists `platformPlugin` itself.
 */
export const eventsCmsPlugin = (options: EventsCmsPluginConfig = {}): Plugin => {
  const plugin: Plugin = (incoming: Config): Config => {
    if (incoming.db && incoming.db.name !== 'postgres') {
      throw new Error(
        `payload-events-cms needs @payloadcms/db-postgres; this config uses "${incoming.db.name}".`,
      )
    }
    if (incoming.custom?.[PLATFORM_SETTINGS_KEY]) {
      throw new Error(
        'payload-events-cms: platformPlugin() ran before eventsCmsPlugin(), so its input guards ' +
          "miss the events collections: leave platformPlugin's order at its default (1000) or " +
          "give it one above eventsCmsPlugin's (100).",
      )
    }
    const platformListed = hasPlatformPlugin(incoming)
    const doubled = PLATFORM_OPTIONS.filter((name) => options[name] !== undefined)
    if (platformListed && doubled.length > 0) {
      throw new Error(
        `payload-events-cms: your config lists platformPlugin(); give ${doubled.join(', ')} to it, ` +
          'not to eventsCmsPlugin().',
      )
    }
    const settings = resolveSettings(options, incoming)
    const { enabled, parts } = settings
    const extensions = options.collections ?? {}
    const adoption = adoptAppCollections(incoming, options, settings)
    const { ownForms, ownMedia, ownUsers, problems, replaced, users } = adoption

    const media = settings.slugs.media
    const built: CollectionConfig[] = [
      ...(ownUsers ? [] : [applyExtension(users, extensions.users)]),
      ...(parts.media && !ownMedia && media
        ? [applyExtension(createMediaCollection(media), extensions.media)]
        : []),
      applyExtension(createVenuesCollection(settings), extensions.venues),
      applyExtension(createTagsCollection(settings), extensions.tags),
      applyExtension(createEventsCollection(settings), extensions.events),
      ...(parts.pages ? [applyExtension(createPagesCollection(settings), extensions.pages)] : []),
      applyExtension(createBookingsCollection(settings), extensions.bookings),
      applyExtension(createTicketTypesCollection(settings), extensions.ticketTypes),
      applyExtension(createTicketsCollection(settings), extensions.tickets),
      createCheckInsCollection(settings),
      ...(parts.mail ? [createMailsCollection(settings), createMailTemplatesCollection()] : []),
      ...(parts.waitingList
        ? [applyExtension(createWaitingListCollection(settings), extensions.waitingList)]
        : []),
      ...(parts.payments
        ? [
            createPaymentsCollection(),
            createRefundsCollection(settings),
            createPaymentEventsCollection(),
          ]
        : []),
      ...(parts.appointments
        ? [
            applyExtension(createServicesCollection(settings), extensions.services),
            applyExtension(createResourcesCollection(settings), extensions.resources),
            createClosuresCollection(settings),
            applyExtension(createAppointmentsCollection(settings), extensions.appointments),
          ]
        : []),
    ]
    const ours = [
      ...(enabled ? built : built.map(withoutBehaviour)),
      ...(parts.audit ? [createAuditLogsCollection(settings)] : []),
    ]
    const siteSettings = parts.siteSettings
      ? [
          createSiteSettingsGlobal(settings),
          ...(parts.pages ? [createNavigationGlobal(settings)] : []),
        ]
      : []
    const ourGlobals: GlobalConfig[] = enabled
      ? siteSettings
      : siteSettings.map(globalWithoutBehaviour)

    // Every slug the plugin adds must be free; all clashes are reported together.
    const existing = new Set(
      [...(incoming.collections ?? []), ...(incoming.globals ?? [])].map(({ slug }) => slug),
    )
    for (const { slug } of [...ours, ...ourGlobals]) {
      if (existing.has(slug)) problems.push(`"${slug}" already exists in your config`)
    }
    if (parts.forms && !ownForms) {
      for (const slug of [settings.slugs.forms, settings.slugs.formSubmissions]) {
        if (existing.has(slug)) problems.push(`"${slug}" already exists in your config`)
      }
    }
    if (problems.length > 0) {
      throw new Error(
        `payload-events-cms cannot join this config: ${problems.join('; ')}. Rename yours, or point ` +
          'the plugin elsewhere with its options (users.slug, media.slug, forms.slug) or turn that ' +
          'part off (pages, media, forms, siteSettings, audit: false).',
      )
    }

    const config =
      parts.forms && !ownForms
        ? (formBuilderPlugin(formBuilderOptions(settings))(incoming) as Config)
        : incoming
    const collections = [
      ...(config.collections ?? []).map(
        (collection) => replaced.get(collection.slug) ?? collection,
      ),
      ...ours,
    ].map((collection) => (enabled ? withCacheInvalidation(collection, settings) : collection))
    const globals = [...(config.globals ?? []), ...ourGlobals].map((global) =>
      enabled ? globalWithCacheInvalidation(global) : global,
    )

    const auditOptions = typeof options.audit === 'object' ? options.audit : {}
    const exclude = new Set(auditOptions.exclude ?? [])
    const audited = enabled && parts.audit
    const mediaOptions = typeof options.media === 'object' ? options.media : {}
    const maxFileSize = mediaOptions.maxFileSize ?? defaults.maxFileSize
    const incomingQueries = config.graphQL?.queries
    const incomingMutations = config.graphQL?.mutations
    const events: Config = {
      ...config,
      admin: {
        ...config.admin,
        components: enabled
          ? withTicketingViews(config.admin, parts.appointments)
          : config.admin?.components,
        user: config.admin?.user ?? settings.slugs.users,
      },
      collections: audited ? collections.map((c) => withAudit(c, exclude)) : collections,
      // Read at run time by hooks, endpoints, the migration helper and the app's fast routes.
      custom: { ...config.custom, [SETTINGS_KEY]: settings },
      // Without an adapter of the app's, mail lands in the dev mailbox (the `mails` collection).
      email: config.email ?? (enabled && parts.mail ? devMailboxAdapter() : undefined),
      endpoints: [
        ...(config.endpoints ?? []),
        ...(enabled && parts.appointments ? [availabilityEndpoint] : []),
      ],
      globals: audited ? globals.map((global) => withGlobalAudit(global, exclude)) : globals,
      graphQL: {
        ...config.graphQL,
        queries: (graphQL, context) => ({
          ...incomingQueries?.(graphQL, context),
          ...(enabled && parts.search ? searchEventsQuery(graphQL, context) : {}),
          ...(enabled && parts.appointments ? availabilityQuery(graphQL, context) : {}),
        }),
        mutations: (graphQL, context) => ({
          ...incomingMutations?.(graphQL, context),
          ...(enabled ? ticketingMutations(graphQL, context) : {}),
        }),
      },
      hooks: {
        ...config.hooks,
        afterError: [
          ...(config.hooks?.afterError ?? []),
          ...(audited ? [auditGraphQLLoginFailed] : []),
        ],
      },
      jobs: withPluginTasks(config, options, settings),
      folders: enabled ? withFolderAccess(config) : config.folders,
      onInit: withStartUp(config, settings),
      upload: {
        ...config.upload,
        limits: { fileSize: maxFileSize, ...config.upload?.limits },
        responseOnLimit:
          config.upload?.responseOnLimit ??
          `The file is larger than the ${Math.round(maxFileSize / 1024 / 1024)} MB upload limit.`,
      },
    }
    if (platformListed) return events
    const platformOptions = Object.fromEntries(
      PLATFORM_OPTIONS.map((name) => [name, options[name]]),
    )
    return platformPlugin({ ...platformOptions, enabled })(events) as Config
  }
  plugin.order = options.order ?? EVENTS_CMS_PLUGIN_ORDER
  plugin.slug = EVENTS_CMS_PLUGIN_SLUG
  plugin.options = options as Record<string, unknown>
  return plugin
}
