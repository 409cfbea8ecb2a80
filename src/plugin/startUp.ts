import type { Config } from 'payload'

import type { PluginSettings } from '../settings'
import { checkDatabaseRules } from './checkDatabaseRules'
import { restrictInternalCollections } from './internalCollections'

/**
 * What the events plugin does once Payload has started, before the app's own `onInit`: Payload's
 * internal collections get the plugin's access rules, and the database's rules are checked to be
 * in place (a missing migration says so at start, not at the first booking). The platform's
 * services (pool watch, cache listener, sign-in memo) start in its own onInit.
 */
export const withStartUp =
  (config: Config, settings: PluginSettings): Config['onInit'] =>
  async (payload) => {
    if (settings.enabled) restrictInternalCollections(payload)
    await checkDatabaseRules(payload)
    await config.onInit?.(payload)
  }
