/** `npm run dev`: database (embedded unless DATABASE_URL), migrations, then `next dev`. */
import { runApp } from './lib/runtime'

await runApp('dev')
