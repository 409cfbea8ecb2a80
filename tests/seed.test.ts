import fs from 'node:fs'
import path from 'node:path'

import sharp from 'sharp'
import { describe, expect, it } from 'vitest'

import { seed } from '../scripts/seed/seed'
import { globalSlugs, slugs } from 'payload-events-cms'
import { useTestApp } from './helpers/testApp'

describe('seed', () => {
  const app = useTestApp()

  it('should create starter content using every block, and change nothing when run again', async () => {
    const lines: string[] = []
    const first = await seed(app.payload, { log: (line) => lines.push(line) })
    expect(first.skipped).toEqual([])
    expect(first.adminPassword).toBeTruthy()
    expect(lines).toContain('  + page home')

    const { docs: pages } = await app.payload.find({ collection: slugs.pages, limit: 10 })
    expect(pages.map((page) => page.slug).sort()).toEqual([
      'about',
      'contact',
      'home',
      'privacy',
      'terms',
    ])
    expect(pages.every((page) => page._status === 'published')).toBe(true)
    const used = new Set(
      pages.flatMap((page) => (page.layout ?? []).map((block) => block.blockType)),
    )
    const offered = app.payload.collections[slugs.pages].config.flattenedFields.find(
      (field) => field.name === 'layout',
    )
    const blockSlugs =
      offered && 'blocks' in offered ? offered.blocks.map((block) => block.slug) : []
    expect([...used].sort()).toEqual(blockSlugs.sort())

    const settings = await app.payload.findGlobal({ slug: globalSlugs.siteSettings })
    expect(settings.general.siteName).toBe('Harbour Events')
    expect((await app.payload.count({ collection: slugs.events })).totalDocs).toBe(4)

    // Photographs (not flat colour), and a video the app serves itself: it looks right offline.
    const { docs: media } = await app.payload.find({ collection: slugs.media, limit: 10 })
    expect(media.length).toBeGreaterThanOrEqual(4)
    for (const file of media) {
      const stats = await sharp(path.join(process.cwd(), 'media', String(file.filename))).stats()
      expect(file.mimeType, String(file.filename)).toBe('image/jpeg')
      expect(
        Math.min(...stats.channels.map(({ stdev }) => stdev)),
        String(file.filename),
      ).toBeGreaterThan(20)
    }
    const videos = pages
      .flatMap((page) => page.layout ?? [])
      .flatMap((block) => (block.blockType === 'video' ? [block.url] : []))
    expect(videos.length).toBeGreaterThan(0)
    for (const url of videos) {
      expect(url, 'a path on the site, not a video host').toMatch(/^\/videos\/.+\.mp4$/)
      expect(fs.statSync(path.join(process.cwd(), 'public', url)).size).toBeGreaterThan(100_000)
    }

    // An editor's change survives a second run.
    await app.payload.updateGlobal({
      slug: globalSlugs.siteSettings,
      data: { general: { siteName: 'Renamed' } },
    })
    const counts = async () =>
      Promise.all(
        [slugs.users, slugs.media, slugs.pages, slugs.events, slugs.venues, slugs.forms].map(
          async (collection) => (await app.payload.count({ collection })).totalDocs,
        ),
      )
    const before = await counts()
    const second = await seed(app.payload)
    expect(second.created).toEqual([])
    expect(second.adminPassword).toBeUndefined()
    expect(await counts()).toEqual(before)
    expect(
      (await app.payload.findGlobal({ slug: globalSlugs.siteSettings })).general.siteName,
    ).toBe('Renamed')
  })
})
