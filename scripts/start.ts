/** `npm start`: the production build on the database, with migrations applied before serving. */
import { runApp } from './lib/runtime'

await runApp('start')
