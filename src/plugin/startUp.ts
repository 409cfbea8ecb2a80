import type { Config } from 'payload'

import { releaseStalledMailJobs } from '../../collections/Mails/releaseStalledMailJobs'
import type { PluginSettings } from '../settings'
import { checkDatabaseRules } from './checkDatabaseRules'
import { restrictInternalCollections } from './internalCollections'

/**
 * What the events plugin does once Payload has started, before the app's own `onInit`: Payload's
 * internal collections get the plugin's access rules, and the database's rules are checked to be
 * in place (a missing migration says so at start, not at the first booking), and mail jobs a
 * killed server left `processing` go back to the queue. The platform's
 * services (pool watch, cache listener, sign-in memo) start in its own onInit.
 */
export const withStartUp =
  (config: Config, settings: PluginSettings): Config['onInit'] =>
  async (payload) => {
    if (settings.enabled) restrictInternalCollections(payload)
    await checkDatabaseRules(payload)
    if (settings.enabled && settings.parts.mail) await releaseStalledMailJobs(payload)
    await config.onInit?.(payload)
  }
