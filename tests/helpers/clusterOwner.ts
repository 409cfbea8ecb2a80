/**
 * A process that owns a persistent embedded cluster until it is killed: the embedded PostgreSQL
 * suite kills it with SIGKILL to leave an orphaned server (and a zombie owner) behind.
 * Usage: tsx tests/helpers/clusterOwner.ts <dataDir>
 */
import { startEmbeddedPostgres } from '../../scripts/lib/embeddedPostgres'

const dataDir = process.argv[2]
if (!dataDir) throw new Error('usage: clusterOwner.ts <dataDir>')
const server = await startEmbeddedPostgres({ database: 'app', dataDir, persistent: true, port: 0 })
console.log(`READY ${server.port}`)
setInterval(() => undefined, 60_000)
