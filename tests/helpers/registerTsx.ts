// Payload's migrate:down/status/reset import migration files with Node's own import(), which
// cannot load .ts; the tsx loader lets them run in tests exactly as the CLI runs them.
import { register } from 'tsx/esm/api'

register()
