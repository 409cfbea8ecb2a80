import type {
  Access,
  CollectionBeforeChangeHook,
  CollectionConfig,
  Config,
  Payload,
  Where,
} from 'payload'

import { adminsOnly } from '../access/adminsOnly'
import { hasRole } from '../access/roles'
import { foldersWithCacheInvalidation } from '../site/cacheDependencies'
import { staff } from '../access/staff'
import { collectionEndpoint, internalSlugs } from '../utilities/payloadInternals'
import { deletePreference } from './deletePreference'

/**
 * Payload's own collections give "any signed-in account" full access, and the site's customers
 * are accounts of the admin user collection: they could delete an admin's folders or lock
 * documents in an admin's name. These are their rules here (tests/access.test.ts checks them).
 *
 * | collection               | read  | create, update, delete            |
 * | ------------------------ | ----- | --------------------------------- |
 * | payload-folders          | staff | admins                            |
 * | payload-locked-documents | staff | staff, own locks (admins: all)    |
 * | payload-preferences      | own   | own (Payload's rule, kept)        |
 * | payload-jobs             | none  | none (Payload's rule, kept)       |
 * | payload-migrations       | none  | none                              |
 * | payload-jobs-stats (global) | admins | admins                        |
 *
 * Payload's own code reaches them through the Local API, which overrides access.
 */
export const withFolderAccess = (config: Config): Config['folders'] =>
  config.folders === false
    ? false
    : {
        ...config.folders,
        collectionOverrides: [
          ...(config.folders?.collectionOverrides ?? []),
          ({ collection }: { collection: CollectionConfig }) => ({
            ...foldersWithCacheInvalidation(collection),
            access: {
              create: adminsOnly,
              delete: adminsOnly,
              read: staff,
              readVersions: staff,
              update: adminsOnly,
            },
          }),
        ],
      }

const nobody: Access = () => false

const ownLocks: Access = ({ req }) => {
  if (hasRole(req, 'admin')) return true
  if (!hasRole(req, 'organizer') || !req.user) return false
  const own: Where[] = [
    { 'user.value': { equals: req.user.id } },
    { 'user.relationTo': { equals: req.user.collection } },
  ]
  return { and: own }
}

/** A lock is always held by whoever takes it, whatever the body says. */
const lockedBySelf: CollectionBeforeChangeHook = ({ data, req }) => {
  if (req.payloadAPI === 'local' || !req.user) return data
  return { ...data, user: { relationTo: req.user.collection, value: req.user.id } }
}

/**
 * Payload adds its locked-documents and preferences collections after every plugin has run, so
 * their rules are set on the started app (an operation reads `config.access` each time).
 */
export const restrictInternalCollections = (payload: Payload): void => {
  const locks = payload.collections[internalSlugs.lockedDocuments]?.config
  if (locks) {
    locks.access = {
      ...locks.access,
      create: staff,
      delete: ownLocks,
      read: staff,
      update: ownLocks,
    }
    locks.hooks.beforeChange = [lockedBySelf, ...(locks.hooks.beforeChange ?? [])]
  }
  const migrations = payload.collections[internalSlugs.migrations]?.config
  if (migrations) {
    migrations.access = {
      ...migrations.access,
      create: nobody,
      delete: nobody,
      read: nobody,
      update: nobody,
    }
  }
  // Scheduled publishing keeps its bookkeeping here; any signed-in account could overwrite it.
  const jobsStats = payload.config.globals.find(({ slug }) => slug === internalSlugs.jobsStats)
  if (jobsStats) {
    jobsStats.access = {
      ...jobsStats.access,
      read: adminsOnly,
      readVersions: adminsOnly,
      update: adminsOnly,
    }
  }
  const deleteEndpoint = collectionEndpoint(payload, internalSlugs.preferences, 'delete', '/:key')
  if (deleteEndpoint) deleteEndpoint.handler = deletePreference
}
