/**
 * Media on object storage: the official @payloadcms/storage-s3 adapter against a real S3-protocol
 * server (s3rver) that the test starts. Uploads land in the bucket with every image size, files are
 * served back through the API, deleting a file a page uses is refused (the objects stay), and
 * deleting an unused one removes its objects.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'
import S3rver from 's3rver'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { slugs } from 'payload-events-cms'
import { type Actor, createActors, createEvent, json, pngBuffer } from './helpers/fixtures'
import { createTestApp, type TestApp } from './helpers/testApp'

const BUCKET = 'events-media'
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }

describe('media on S3-compatible object storage', () => {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'events-cms-s3-'))
  const server = new S3rver({
    address: '127.0.0.1',
    configureBuckets: [{ configs: [], name: BUCKET }],
    directory,
    port: 0,
    silent: true,
  })
  let s3: S3Client
  let app: TestApp
  let admin: Actor

  beforeAll(async () => {
    const { port } = await server.run()
    const endpoint = `http://127.0.0.1:${port}`
    s3 = new S3Client({ credentials, endpoint, forcePathStyle: true, region: 'us-east-1' })
    app = await createTestApp({
      storage: {
        ...credentials,
        bucket: BUCKET,
        endpoint,
        forcePathStyle: true,
        region: 'us-east-1',
      },
    })
    ;({ admin } = await createActors(app))
  })

  afterAll(async () => {
    await app.destroy()
    s3.destroy()
    await server.close()
    fs.rmSync(directory, { force: true, recursive: true })
  })

  const objects = async () =>
    ((await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents ?? [])
      .map(({ Key }) => Key ?? '')
      .sort()

  const upload = async (name: string) => {
    const form = new FormData()
    const png = await pngBuffer(2400, 1350)
    form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), name)
    form.append('_payload', JSON.stringify({ alt: 'On object storage' }))
    const response = await app.rest.post(`/${slugs.media}`, form, { token: admin.token })
    return {
      doc: (await json<{ doc: { filename: string; id: string } }>(response)).doc,
      png,
      response,
    }
  }

  it('should store an upload and every image size in the bucket, and nothing on the local disk', async () => {
    const { doc, response } = await upload('stored.png')

    expect(response.status).toBe(201)
    expect((await objects()).filter((key) => key.startsWith('stored'))).toEqual([
      'stored-1200x630.png',
      'stored-1920x1080.png',
      'stored-300x300.png',
      'stored-768x480.png',
      'stored.png',
    ])
    expect(fs.existsSync(path.resolve('media', doc.filename))).toBe(false)
  })

  it('should serve the file back through the API', async () => {
    const { doc, png } = await upload('served.png')

    const file = await app.rest.get(`/${slugs.media}/file/${doc.filename}`)

    expect(file.status).toBe(200)
    expect(Buffer.from(await file.arrayBuffer()).equals(png)).toBe(true)
  })

  it('should refuse to delete a file an event uses and keep its objects, and remove an unused one', async () => {
    const used = await upload('used.png')
    await createEvent(app, { image: used.doc.id })
    const unused = await upload('unused.png')

    const refused = await app.rest.delete(`/${slugs.media}/${used.doc.id}`, { token: admin.token })
    const removed = await app.rest.delete(`/${slugs.media}/${unused.doc.id}`, {
      token: admin.token,
    })
    const keys = await objects()

    expect([refused.status, removed.status]).toEqual([409, 200])
    expect(keys.filter((key) => key.startsWith('used'))).toHaveLength(5)
    expect(keys.filter((key) => key.startsWith('unused'))).toEqual([])
  })
})
