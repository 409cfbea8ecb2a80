/** The reference app: Payload with the events CMS plugin on PostgreSQL. */
import { buildAppConfig } from './src/appConfig'

export default buildAppConfig()
