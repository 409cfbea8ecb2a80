/**
 * Run by tests/scripts.test.ts through tsx, as scripts start their children: it only loads
 * Payload's rich text editor, the graph that Node 20's loader could leave unsettled
 * (scripts/lib/nodeFlags.ts).
 */
import '@payloadcms/richtext-lexical'

process.exit(0)
