import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import type { Media } from '../payload-types'
import { globalSlugs, slugs } from 'payload-events-cms'
import {
  ACCOUNT_TABLES,
  type Actor,
  createActors,
  createEvent,
  createMedia,
  json,
  pngBuffer,
} from './helpers/fixtures'
import { createTestApp, type TestApp } from './helpers/testApp'

type Errors = {
  errors: { data?: { usedBy?: { collection: string; title: null | string }[] }; message: string }[]
}

const uploadForm = (data: Uint8Array, name: string, type: string, fields: object) => {
  const form = new FormData()
  // Copied into a plain ArrayBuffer: Blob does not take views of shared memory.
  form.append('file', new Blob([new Uint8Array(data)], { type }), name)
  form.append('_payload', JSON.stringify(fields))
  return form
}

describe('media', () => {
  let app: TestApp
  let admin: Actor
  let organizer: Actor

  beforeAll(async () => {
    // A small limit so the size check is exercised without megabytes of test data.
    app = await createTestApp({ plugin: { media: { maxFileSize: 200_000 } } })
    ;({ admin, organizer } = await createActors(app))
  })

  afterAll(async () => {
    await app.destroy()
  })

  beforeEach(async () => {
    await app.reset({ keep: ACCOUNT_TABLES })
  })

  it('should store an upload with every generated size and the focal point', async () => {
    const png = await pngBuffer(2400, 1350)
    const response = await app.rest.post(
      `/${slugs.media}`,
      uploadForm(png, 'stage.png', 'image/png', { alt: 'The stage', focalX: 30, focalY: 40 }),
      organizer,
    )
    expect(response.status).toBe(201)
    const { doc } = await json<{ doc: Media }>(response)
    expect(doc.alt).toBe('The stage')
    expect(doc).toMatchObject({ focalX: 30, focalY: 40, height: 1350, width: 2400 })
    expect(doc.sizes?.thumbnail).toMatchObject({ height: 300, width: 300 })
    expect(doc.sizes?.card).toMatchObject({ height: 480, width: 768 })
    expect(doc.sizes?.og).toMatchObject({ height: 630, width: 1200 })
    expect(doc.sizes?.hero).toMatchObject({ height: 1080, width: 1920 })

    // The same name again is stored under a new name, never over the first file.
    const again = await app.rest.post(
      `/${slugs.media}`,
      uploadForm(png, 'stage.png', 'image/png', { alt: 'The stage again' }),
      organizer,
    )
    const second = (await json<{ doc: Media }>(again)).doc
    expect(second.filename).not.toBe(doc.filename)
  })

  it('should refuse a file that is not an allowed image type, a file over the limit and a missing alt', async () => {
    const text = new TextEncoder().encode('just some text, not an image')
    const wrongType = await app.rest.post(
      `/${slugs.media}`,
      uploadForm(text, 'notes.txt', 'text/plain', { alt: 'Notes' }),
      admin,
    )
    expect(wrongType.status).toBe(400)
    expect(JSON.stringify(await wrongType.json())).toMatch(/file type/i)

    // A text file named .png is still refused: the type is sniffed from the content.
    const disguised = await app.rest.post(
      `/${slugs.media}`,
      uploadForm(text, 'notes.png', 'image/png', { alt: 'Notes' }),
      admin,
    )
    expect(disguised.status).toBe(400)

    const huge = new Uint8Array(300_000)
    const tooLarge = await app.rest.post(
      `/${slugs.media}`,
      uploadForm(huge, 'huge.png', 'image/png', { alt: 'Huge' }),
      admin,
    )
    expect(tooLarge.status).toBe(413)
    expect(JSON.stringify(await tooLarge.json())).toContain('upload limit')

    const noAlt = await app.rest.post(
      `/${slugs.media}`,
      uploadForm(await pngBuffer(40, 40), 'small.png', 'image/png', {}),
      admin,
    )
    expect(noAlt.status).toBe(400)
    expect(JSON.stringify(await noAlt.json())).toMatch(/alt/i)

    const { totalDocs } = await app.payload.count({ collection: slugs.media })
    expect(totalDocs).toBe(0)
  })

  it('should refuse to delete or trash media a page, an event or the settings still use, naming them', async () => {
    const media = await createMedia(app)
    await app.payload.create({
      collection: slugs.pages,
      data: {
        _status: 'published',
        layout: [
          { blockType: 'gallery', columns: 2, images: [{ image: media.id }], spacing: 'small' },
        ],
        slug: 'gallery-page',
        title: 'Gallery page',
      },
    })
    await createEvent(app, { image: media.id, title: 'Jazz night' })
    await app.payload.updateGlobal({
      slug: globalSlugs.siteSettings,
      data: { appearance: { logo: media.id } },
    })

    const deleted = await app.rest.delete(`/${slugs.media}/${media.id}`, admin)
    expect(deleted.status).toBe(409)
    const body = await json<Errors>(deleted)
    const message = body.errors[0]?.message ?? ''
    expect(message).toContain('pages "Gallery page"')
    expect(message).toContain('events "Jazz night"')
    expect(message).toContain('site-settings')
    expect(body.errors[0]?.data?.usedBy).toHaveLength(3)

    const trashed = await app.rest.patch(
      `/${slugs.media}/${media.id}`,
      { deletedAt: new Date().toISOString() },
      admin,
    )
    expect(trashed.status).toBe(409)

    // The database refuses too, for any path that skips the hook.
    await expect(app.sql.query('DELETE FROM media WHERE id = $1', [media.id])).rejects.toThrow(
      /foreign key/,
    )
    expect(await app.payload.count({ collection: slugs.media })).toMatchObject({ totalDocs: 1 })
  })

  it('should trash, restore and delete media nothing uses', async () => {
    const media = await createMedia(app)
    const trashed = await app.rest.patch(
      `/${slugs.media}/${media.id}`,
      { deletedAt: new Date().toISOString() },
      admin,
    )
    expect(trashed.status).toBe(200)
    expect((await app.rest.get(`/${slugs.media}/${media.id}`)).status).toBe(404)
    const inTrash = await app.rest.get(
      `/${slugs.media}?trash=true&where[deletedAt][exists]=true`,
      admin,
    )
    expect((await json<{ totalDocs: number }>(inTrash)).totalDocs).toBe(1)

    const restored = await app.rest.patch(
      `/${slugs.media}/${media.id}?trash=true`,
      { deletedAt: null },
      admin,
    )
    expect(restored.status).toBe(200)
    expect((await app.rest.get(`/${slugs.media}/${media.id}`)).status).toBe(200)

    const deleted = await app.rest.delete(`/${slugs.media}/${media.id}`, admin)
    expect(deleted.status).toBe(200)
  })

  it('should let organizers upload but only admins delete', async () => {
    const media = await createMedia(app)
    expect((await app.rest.delete(`/${slugs.media}/${media.id}`, organizer)).status).toBe(403)
    const anonymous = await app.rest.post(
      `/${slugs.media}`,
      uploadForm(await pngBuffer(40, 40), 'a.png', 'image/png', { alt: 'A' }),
    )
    expect(anonymous.status).toBe(403)
  })

  it('should let only admins edit or replace a file, not organizers', async () => {
    const media = await createMedia(app, 'The logo')

    const byOrganizer = await app.rest.patch(
      `/${slugs.media}/${media.id}`,
      { alt: 'Mine' },
      organizer,
    )
    const byAdmin = await app.rest.patch(`/${slugs.media}/${media.id}`, { alt: 'Our logo' }, admin)

    expect([byOrganizer.status, byAdmin.status]).toEqual([403, 200])
    const stored = await app.payload.findByID({ collection: slugs.media, id: media.id })
    expect(stored.alt).toBe('Our logo')
  })
})
