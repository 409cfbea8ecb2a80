/** `npm run dev`: database (embedded unless DATABASE_URL), migrations, then `next dev`. */
import { runApp } from './lib/runtime'
import { commandLine } from './lib/cli'

commandLine(`
Usage: npm run dev

Starts the app for development: PostgreSQL (DATABASE_URL, else the embedded one in .data/pg),
pending migrations, then \`next dev\` on PORT (default 3000). Ctrl-C stops the app, then PostgreSQL.
`)

await runApp('dev')
