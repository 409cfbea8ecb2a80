import { formBuilderPlugin } from '@payloadcms/plugin-form-builder'
import type {
  CollectionConfig,
  CollectionSlug,
  Config,
  GlobalConfig,
  Plugin,
  UploadCollectionSlug,
} from 'payload'

import { createAuditLogsCollection } from '../../collections/AuditLogs/index'
import { maintainAuditPartitionsTask } from '../../collections/AuditLogs/maintainAuditPartitionsTask'
import { expireBookingHoldsTask } from '../../collections/Bookings/expireBookingHoldsTask'
import { createBookingsCollection } from '../../collections/Bookings/index'
import { ticketingMutations } from '../../collections/Bookings/ticketingMutations'
import { createCheckInsCollection } from '../../collections/CheckIns/index'
import { createTicketsCollection } from '../../collections/Tickets/index'
import { createTicketTypesCollection } from '../../collections/TicketTypes/index'
import { createEventsCollection } from '../../collections/Events/index'
import { searchEventsQuery } from '../../collections/Events/searchEventsQuery'
import {
  adoptFormBuilderCollection,
  isFormBuilderForms,
} from '../../collections/Forms/adoptFormBuilder'
import { formBuilderOptions } from '../../collections/Forms/formBuilderOptions'
import { adoptMediaCollection, createMediaCollection } from '../../collections/Media/index'
import { createPagesCollection } from '../../collections/Pages/index'
import { createTagsCollection } from '../../collections/Tags/index'
import {
  adoptUsersCollection,
  createUsersCollection,
  usersClash,
} from '../../collections/Users/index'
import { createVenuesCollection } from '../../collections/Venues/index'
import { createSiteSettingsGlobal } from '../../globals/SiteSettings/index'
import { auditGraphQLLoginFailed } from '../../hooks/auditChanges'
import { formatClientErrors } from '../../hooks/formatClientErrors'
import { graphQLCostRule } from '../limits/graphQLCost'
import { resolveLimits } from '../limits/limits'
import { defaults, EVENTS_CMS_PLUGIN_ORDER, EVENTS_CMS_PLUGIN_SLUG } from '../defaults'
import { rememberSignedIn } from '../auth/rememberSignedIn'
import { routeReads } from '../db/readRouting'
import { defaultHttpCache } from '../routes/httpCache'
import { type PluginSettings, SETTINGS_KEY } from '../settings'
import { applyRetentionTask } from '../privacy/applyRetentionTask'
import { resolvePrivacy } from '../privacy/privacySettings'

const retentionNothing = {
  accountsErased: 0,
  attendeeNames: 0,
  auditParts: 0,
  bookingContacts: 0,
  eventsArchived: 0,
  formSubmissions: 0,
}
import { startCacheListener } from '../utilities/cacheListener'
import { DEFAULT_CACHE_ENTRIES } from '../utilities/publicCache'
import { postgresAdapterOf } from '../utilities/transactionDb'
import { type ResolvedSlugs, slugs } from '../slugs'
import type { EventsCmsPluginConfig } from '../types'
import { healthEndpoint } from '../health/healthEndpoint'
import { applyExtension } from './applyExtension'
import { checkDatabaseRules } from './checkDatabaseRules'
import { claimScheduleSlot } from './claimScheduleSlot'
import {
  checkSignInOutages,
  quietDatabaseFaults,
  resolveTimeouts,
  watchPool,
  withPoolTimeouts,
} from '../db/databaseResilience'
import { restrictInternalCollections, withFolderAccess } from './internalCollections'
import { withMigrationLock } from '../db/migrationLock'
import { pluginQueues, withAutoRun } from './jobs'
import { withAudit, withGlobalAudit } from './withAudit'
import { globalWithInputGuards, withInputGuards } from './withInputGuards'
import { globalWithoutBehaviour, withoutBehaviour } from './withBehaviour'

/** Refusals a client caused are not server faults: logged at info, without a stack trace. */
const clientErrorLevels: Record<string, 'info'> = {
  AuthenticationError: 'info',
  PublicError: 'info',
  QueryError: 'info',
  UnauthorizedError: 'info',
}

/** An option that must be a whole number of at least 1, or its default. */
const positiveInteger = (name: string, value: number | undefined, fallback: number): number => {
  if (value === undefined) return fallback
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(
      `payload-events-cms: ${name} must be a whole number of at least 1 (got ${String(value)})`,
    )
  }
  return value
}

/** The common-password list holds passwords of 10 characters and more: no shorter minimum. */
const resolvePasswordPolicy = (
  option: EventsCmsPluginConfig['passwordPolicy'],
): PluginSettings['passwordPolicy'] => {
  if (option === false) return false
  const minLength = option?.minLength ?? 10
  if (!Number.isInteger(minLength) || minLength < 10 || minLength > 1024) {
    throw new Error(
      `payload-events-cms: passwordPolicy.minLength must be a whole number from 10 to 1024 (got ${String(minLength)})`,
    )
  }
  return { minLength }
}

const find = (config: Config, slug: string) => config.collections?.find((c) => c.slug === slug)

/** Which parts, slugs and id type this app gets; the rest of the plugin reads only this. */
const resolveSettings = (options: EventsCmsPluginConfig, config: Config): PluginSettings => {
  const pages = options.pages !== false
  const forms = options.forms === undefined ? pages : options.forms !== false
  const formOptions = typeof options.forms === 'object' ? options.forms : {}
  const mediaSlug = (options.media && options.media.slug) || slugs.media
  const mediaCollection = find(config, mediaSlug)
  const resolvedSlugs: ResolvedSlugs = {
    ...(slugs as unknown as ResolvedSlugs),
    formSubmissions: (formOptions.submissionsSlug ?? slugs.formSubmissions) as CollectionSlug,
    forms: (formOptions.slug ?? slugs.forms) as CollectionSlug,
    // With `media: false`, image fields use a `media` upload collection only if the app has one.
    media:
      options.media !== false || mediaCollection?.upload
        ? (mediaSlug as UploadCollectionSlug)
        : null,
    users: (options.users?.slug ?? config.admin?.user ?? slugs.users) as CollectionSlug,
  }
  return {
    bookings: {
      claimsPerEvent: positiveInteger(
        'bookings.claimsPerEvent',
        options.bookings?.claimsPerEvent,
        4,
      ),
      claimsQueue: 1000,
      claimWaitMs:
        options.database === false ? 3000 : resolveTimeouts(options.database).lockTimeoutMs || 3000,
      holdMinutes: options.bookings?.holdMinutes ?? defaults.holdMinutes,
      maxSeatsPerBooking: options.bookings?.maxSeatsPerBooking ?? defaults.maxSeatsPerBooking,
      queue: options.bookings?.queue ?? defaults.queue,
    },
    cache: {
      listen:
        options.cache?.listen === false
          ? false
          : typeof options.cache?.listen === 'object'
            ? options.cache.listen
            : {},
      maxEntries: options.cache?.maxEntries ?? DEFAULT_CACHE_ENTRIES,
      signedInMs: options.cache?.signedInMs ?? 5000,
    },
    database: { pooler: options.database ? options.database.pooler : undefined },
    enabled: options.enabled ?? true,
    httpCache: options.httpCache === false ? false : { ...defaultHttpCache, ...options.httpCache },
    // db-postgres reports uuid ids as 'text', serial ones as 'number'.
    idType: config.db?.defaultIDType === 'text' ? 'uuid' : 'serial',
    limits: resolveLimits(options.limits),
    parts: {
      audit: options.audit !== false,
      forms,
      media: options.media !== false,
      pages,
      search: options.search !== false,
      siteSettings: options.siteSettings !== false,
    },
    passwordPolicy: resolvePasswordPolicy(options.passwordPolicy),
    privacy: resolvePrivacy(options.privacy, resolvedSlugs),
    // Slugs come from the app's config, so they are the app's CollectionSlug by construction.
    slugs: resolvedSlugs,
    tickets: {
      checkInOpensMinutesBefore: positiveInteger(
        'tickets.checkInOpensMinutesBefore',
        options.tickets?.checkInOpensMinutesBefore,
        240,
      ),
      ...(options.tickets?.codeSecret ? { codeSecret: options.tickets.codeSecret } : {}),
      scansPerMinute: positiveInteger(
        'tickets.scansPerMinute',
        options.tickets?.scansPerMinute,
        240,
      ),
    },
  }
}

/**
 * The events CMS: venues, tags, events, bookings, pages, media, site settings, forms and an audit
 * log, with their rules in hooks and in PostgreSQL. It joins the app's own `users`, `media` and
 * form builder instead of replacing them, and runs late (`order`) so that it sees every collection.
 */
export const eventsCmsPlugin = (options: EventsCmsPluginConfig = {}): Plugin => {
  const plugin: Plugin = (incoming: Config): Config => {
    if (incoming.db && incoming.db.name !== 'postgres') {
      throw new Error(
        `payload-events-cms needs @payloadcms/db-postgres; this config uses "${incoming.db.name}".`,
      )
    }
    const settings = resolveSettings(options, incoming)
    const { enabled, parts } = settings
    const extensions = options.collections ?? {}
    const problems: string[] = []
    const replaced = new Map<string, CollectionConfig>()

    // Accounts: the app's own auth collection when it has one, else the plugin's.
    const ownUsers = find(incoming, settings.slugs.users)
    const usersProblem = ownUsers && usersClash(ownUsers)
    if (usersProblem) problems.push(usersProblem)
    const users = ownUsers
      ? adoptUsersCollection(ownUsers, settings, { behaviour: enabled })
      : createUsersCollection(settings)
    if (ownUsers) replaced.set(ownUsers.slug, applyExtension(users, extensions.users))

    // Media: the app's own upload collection, or the plugin's.
    const media = settings.slugs.media
    const ownMedia = media ? find(incoming, media) : undefined
    if (parts.media && ownMedia && !ownMedia.upload) {
      problems.push(`"${ownMedia.slug}" is not an upload collection`)
    }
    const mediaOptions = typeof options.media === 'object' ? options.media : {}
    if (parts.media && ownMedia) {
      const adopted = adoptMediaCollection(ownMedia, {
        behaviour: enabled,
        imageSizes: mediaOptions.imageSizes ?? false,
      })
      replaced.set(ownMedia.slug, applyExtension(adopted, extensions.media))
    }

    // Forms: the app's own form builder, or the plugin applies it (never twice).
    let config = incoming
    const ownForms = parts.forms ? find(incoming, settings.slugs.forms) : undefined
    if (ownForms && !isFormBuilderForms(ownForms)) {
      problems.push(`"${ownForms.slug}" is not @payloadcms/plugin-form-builder's forms collection`)
    } else if (ownForms) {
      const submissions = find(incoming, settings.slugs.formSubmissions)
      if (!submissions) problems.push(`"${settings.slugs.formSubmissions}" is missing`)
      if (enabled) {
        replaced.set(ownForms.slug, adoptFormBuilderCollection(ownForms, 'forms'))
        if (submissions) {
          replaced.set(submissions.slug, adoptFormBuilderCollection(submissions, 'submissions'))
        }
      }
    }

    const bookings = createBookingsCollection(settings)
    const built: CollectionConfig[] = [
      ...(ownUsers ? [] : [applyExtension(users, extensions.users)]),
      ...(parts.media && !ownMedia && media
        ? [applyExtension(createMediaCollection(media), extensions.media)]
        : []),
      applyExtension(createVenuesCollection(settings), extensions.venues),
      applyExtension(createTagsCollection(settings), extensions.tags),
      applyExtension(createEventsCollection(settings), extensions.events),
      ...(parts.pages ? [applyExtension(createPagesCollection(settings), extensions.pages)] : []),
      applyExtension(bookings, extensions.bookings),
      applyExtension(createTicketTypesCollection(settings), extensions.ticketTypes),
      applyExtension(createTicketsCollection(settings), extensions.tickets),
      createCheckInsCollection(settings),
    ]
    const ours = [
      ...(enabled ? built : built.map(withoutBehaviour)),
      ...(parts.audit ? [createAuditLogsCollection(settings)] : []),
    ]
    const siteSettings = parts.siteSettings ? [createSiteSettingsGlobal(settings)] : []
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

    if (parts.forms && !ownForms)
      config = formBuilderPlugin(formBuilderOptions(settings))(config) as Config
    const collections = [
      ...(config.collections ?? []).map(
        (collection) => replaced.get(collection.slug) ?? collection,
      ),
      ...ours,
    ]
    const globals = [...(config.globals ?? []), ...ourGlobals]

    const auditOptions = typeof options.audit === 'object' ? options.audit : {}
    const exclude = new Set(auditOptions.exclude ?? [])
    const audited = enabled && parts.audit
    const maintenanceQueue = auditOptions.queue ?? defaults.maintenanceQueue
    // Registered and scheduled either way (scheduling adds schema); disabled, they do nothing.
    const tasks = [
      {
        ...expireBookingHoldsTask,
        ...(enabled ? {} : { handler: () => ({ output: { expired: 0 } }) }),
        schedule: [
          {
            cron: '* * * * *',
            hooks: { beforeSchedule: claimScheduleSlot },
            queue: settings.bookings.queue,
          },
        ],
      },
      ...(parts.audit
        ? [
            {
              ...maintainAuditPartitionsTask({
                monthsAhead: auditOptions.monthsAhead ?? defaults.auditMonthsAhead,
                retentionMonths: auditOptions.retentionMonths,
              }),
              ...(enabled ? {} : { handler: () => ({ output: { created: 0, dropped: [] } }) }),
              // Daily; the append function creates a missing month itself, so a late run loses nothing.
              schedule: [
                {
                  cron: '17 3 * * *',
                  hooks: { beforeSchedule: claimScheduleSlot },
                  queue: maintenanceQueue,
                },
              ],
            },
            {
              ...applyRetentionTask,
              ...(enabled ? {} : { handler: () => ({ output: retentionNothing }) }),
              // Daily, after the partitions: personal data past its period (privacy.retention).
              schedule: [
                {
                  cron: '37 3 * * *',
                  hooks: { beforeSchedule: claimScheduleSlot },
                  queue: maintenanceQueue,
                },
              ],
            },
          ]
        : []),
    ]
    const jobs = config.jobs ?? {}
    const queues = pluginQueues({
      bookings: settings.bookings.queue,
      maintenance: parts.audit ? maintenanceQueue : undefined,
      scheduledPublish: parts.pages,
    })

    const incomingQueries = config.graphQL?.queries
    const incomingMutations = config.graphQL?.mutations
    const incomingOnInit = config.onInit
    const maxFileSize = mediaOptions.maxFileSize ?? defaults.maxFileSize
    return {
      ...config,
      admin: {
        ...config.admin,
        components: enabled
          ? {
              ...config.admin?.components,
              afterNavLinks: [
                ...(config.admin?.components?.afterNavLinks ?? []),
                'payload-events-cms/rsc#TicketingNavLinks',
              ],
              views: {
                ...config.admin?.components?.views,
                attendees: {
                  Component: 'payload-events-cms/rsc#AttendeesView',
                  path: '/attendees',
                },
                checkIn: { Component: 'payload-events-cms/rsc#CheckInView', path: '/check-in' },
              },
            }
          : config.admin?.components,
        user: config.admin?.user ?? settings.slugs.users,
      },
      collections: (audited ? collections.map((c) => withAudit(c, exclude)) : collections).map(
        (collection) => (enabled ? withInputGuards(collection) : collection),
      ),
      // Read at run time by hooks, endpoints, the migration helper and the app's fast routes.
      custom: { ...config.custom, [SETTINGS_KEY]: settings },
      db: !config.db
        ? config.db
        : withMigrationLock(
            options.database === false
              ? config.db
              : withPoolTimeouts(
                  config.db,
                  resolveTimeouts(options.database),
                  options.database ?? {},
                ),
          ),
      endpoints: [
        ...(config.endpoints ?? []),
        ...(enabled && options.health !== false ? [healthEndpoint(options.health || {})] : []),
      ],
      globals: (audited ? globals.map((global) => withGlobalAudit(global, exclude)) : globals).map(
        (global) => (enabled ? globalWithInputGuards(global) : global),
      ),
      graphQL: {
        ...config.graphQL,
        validationRules: (args) => [
          ...(config.graphQL?.validationRules?.(args) ?? []),
          ...(enabled ? [graphQLCostRule(settings.limits.graphQL)] : []),
        ],
        queries: (graphQL, context) => ({
          ...incomingQueries?.(graphQL, context),
          ...(enabled && parts.search ? searchEventsQuery(graphQL, context) : {}),
        }),
        mutations: (graphQL, context) => ({
          ...incomingMutations?.(graphQL, context),
          ...(enabled ? ticketingMutations(graphQL, context) : {}),
        }),
      },
      hooks: {
        ...config.hooks,
        afterError: [
          ...(enabled ? [formatClientErrors] : []),
          ...(config.hooks?.afterError ?? []),
          ...(audited ? [auditGraphQLLoginFailed] : []),
        ],
      },
      loggingLevels: { ...clientErrorLevels, ...config.loggingLevels },
      jobs: {
        ...jobs,
        ...(options.jobsAutoRun === false ? {} : { autoRun: withAutoRun(jobs, queues) }),
        tasks: [...(jobs.tasks ?? []), ...tasks],
      },
      folders: enabled ? withFolderAccess(config) : config.folders,
      onInit: async (payload) => {
        watchPool(payload)
        routeReads(payload)
        quietDatabaseFaults(payload)
        if (enabled) checkSignInOutages(payload)
        if (enabled) rememberSignedIn(payload, settings.cache.signedInMs)
        if (enabled && settings.cache.listen) {
          startCacheListener(
            payload,
            settings.cache.listen.url ??
              String(postgresAdapterOf(payload).poolOptions.connectionString),
            { strict: settings.cache.listen.strict !== false },
          )
        }
        if (enabled) restrictInternalCollections(payload)
        await checkDatabaseRules(payload)
        await incomingOnInit?.(payload)
      },
      upload: {
        ...config.upload,
        limits: { fileSize: maxFileSize, ...config.upload?.limits },
        responseOnLimit:
          config.upload?.responseOnLimit ??
          `The file is larger than the ${Math.round(maxFileSize / 1024 / 1024)} MB upload limit.`,
      },
    }
  }
  plugin.order = options.order ?? EVENTS_CMS_PLUGIN_ORDER
  plugin.slug = EVENTS_CMS_PLUGIN_SLUG
  plugin.options = options as Record<string, unknown>
  return plugin
}
