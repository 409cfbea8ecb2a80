/** The reference app: Payload with the events CMS plugin on PostgreSQL. */
import { buildAppConfig } from './src/app/appConfig'

// EVENTS_CMS_PLUGIN=off keeps the schema but drops the plugin's hooks, endpoints and caches:
// plain Payload on the same database, the baseline `npm run bench` compares against.
export default buildAppConfig(
  process.env.EVENTS_CMS_PLUGIN === 'off' ? { plugin: { enabled: false } } : {},
)
