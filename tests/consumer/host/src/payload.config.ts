/**
 * A typical existing Payload app, as the consumer test installs the packed plugin into it: its own
 * `users` (extra fields, its own hook), `media`, `posts`, and its own form builder; default serial
 * ids unless HOST_ID_TYPE=uuid. The only lines about the events plugin are the import and the
 * `eventsCmsPlugin()` entry in `plugins`.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { postgresAdapter } from '@payloadcms/db-postgres'
import { formBuilderPlugin } from '@payloadcms/plugin-form-builder'
import { lexicalEditor } from '@payloadcms/richtext-lexical'
import { buildConfig, type CollectionConfig } from 'payload'
import { eventsCmsPlugin } from 'payload-events-cms'
import sharp from 'sharp'

const dirname = path.dirname(fileURLToPath(import.meta.url))

const Users: CollectionConfig = {
  slug: 'users',
  admin: { useAsTitle: 'email' },
  auth: { tokenExpiration: 60 * 60 * 8 },
  fields: [
    { name: 'displayName', type: 'text' },
    { name: 'department', type: 'select', options: ['editorial', 'sales'] },
  ],
  hooks: {
    // The host's own rule: a display name is derived from the email when none is given.
    beforeChange: [
      ({ data }) => (data.displayName ? data : { ...data, displayName: String(data.email ?? '').split('@')[0] }),
    ],
  },
}

const Media: CollectionConfig = {
  slug: 'media',
  access: { read: () => true },
  fields: [{ name: 'caption', type: 'text' }],
  upload: { staticDir: path.resolve(dirname, '../media') },
}

const Posts: CollectionConfig = {
  slug: 'posts',
  admin: { useAsTitle: 'title' },
  fields: [
    { name: 'title', type: 'text', required: true },
    { name: 'cover', type: 'upload', relationTo: 'media' },
    { name: 'body', type: 'richText' },
  ],
}

export default buildConfig({
  admin: { avatar: 'default', importMap: { baseDir: dirname }, user: 'users' },
  collections: [Users, Media, Posts],
  db: postgresAdapter({
    ...(process.env.HOST_ID_TYPE === 'uuid' ? { idType: 'uuid' as const } : {}),
    migrationDir: path.resolve(dirname, 'migrations'),
    pool: { connectionString: process.env.DATABASE_URL },
    push: false,
  }),
  editor: lexicalEditor(),
  plugins: [formBuilderPlugin({ fields: { payment: false } }), eventsCmsPlugin()],
  secret: process.env.PAYLOAD_SECRET ?? '',
  sharp,
  telemetry: false,
  typescript: { autoGenerate: false, outputFile: path.resolve(dirname, 'payload-types.ts') },
})
