/** `npm start`: the production build on the database, with migrations applied before serving. */
import { runApp } from './lib/runtime'
import { commandLine } from './lib/cli'

commandLine(`
Usage: npm start

Starts the production build (\`npm run build\` first): PostgreSQL (DATABASE_URL, else the embedded
one in .data/pg), pending migrations (one app server at a time), then the server on PORT (default
3000). SIGTERM or Ctrl-C stops the app, then PostgreSQL.
`)

await runApp('start')
