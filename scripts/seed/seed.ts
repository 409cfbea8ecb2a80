import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

import type { CollectionSlug, Payload, Where } from 'payload'

import { globalSlugs, slugs } from 'payload-events-cms'
import { contactForm, sampleEvents, samplePages, sampleVenues, type SeedMedia } from './seedContent'

export type SeedOptions = {
  adminEmail?: string
  /** Used only when the admin is created; a random one is generated (and reported) otherwise. */
  adminPassword?: string
  log?: (message: string) => void
}

export type SeedReport = { adminPassword?: string; created: string[]; skipped: string[] }

/**
 * Starter content: an admin, default settings, a contact form, images, venues, events and the
 * home/about/contact/terms/privacy pages. Every item is looked up first and only created when
 * missing, so running it twice changes nothing (and never overwrites what editors changed).
 */
export const seed = async (payload: Payload, options: SeedOptions = {}): Promise<SeedReport> => {
  const log = options.log ?? (() => undefined)
  const report: SeedReport = { created: [], skipped: [] }

  const ensure = async <T extends { id: number | string }>(
    label: string,
    collection: CollectionSlug,
    where: Where,
    create: () => Promise<T>,
  ): Promise<string> => {
    const { docs } = await payload.find({
      collection,
      depth: 0,
      limit: 1,
      pagination: false,
      trash: true,
      where,
    })
    const existing = docs[0]
    if (existing) {
      report.skipped.push(label)
      log(`  = ${label} (exists)`)
      return String(existing.id)
    }
    const doc = await create()
    report.created.push(label)
    log(`  + ${label}`)
    return String(doc.id)
  }

  log('Users')
  const adminEmail = options.adminEmail ?? 'admin@example.com'
  const adminId = await ensure(
    `admin ${adminEmail}`,
    slugs.users,
    { email: { equals: adminEmail } },
    () => {
      report.adminPassword = options.adminPassword ?? randomBytes(12).toString('base64url')
      return payload.create({
        collection: slugs.users,
        data: {
          email: adminEmail,
          name: 'Site Admin',
          password: report.adminPassword,
          role: 'admin',
        },
      })
    },
  )

  log('Media')
  // Real photographs shipped with the app (scripts/seed/photos, credits in CREDITS.md), so a
  // fresh install looks like a site offline too.
  const image = async (name: string, alt: string) =>
    // By stem: Payload stores "harbour-at-dusk-1.jpg" when the file survived a database reset.
    ensure(
      `media ${name}`,
      slugs.media,
      { filename: { like: name.replace(/\.jpg$/, '') } },
      async () => {
        const data = fs.readFileSync(path.join(import.meta.dirname, 'photos', name))
        return payload.create({
          collection: slugs.media,
          data: { alt },
          file: { data, mimetype: 'image/jpeg', name, size: data.length },
        })
      },
    )
  const media: SeedMedia = {
    hero: await image('harbour-at-dusk.jpg', 'Wooden boats on the shore of a lake at dusk'),
    stage: await image('drum-in-rehearsal-room.jpg', 'A djembe drum in a rehearsal room'),
    venue: await image('venue-facade.jpg', 'The curved facade of a modern concert building'),
    workshop: await image('workshop-brushes.jpg', 'Brushes and paint pots for a workshop'),
  }

  log('Settings')
  const settings = await payload.findGlobal({ slug: globalSlugs.siteSettings, depth: 0 })
  if (settings.general.siteDescription) {
    report.skipped.push('site settings')
    log('  = site settings (already set)')
  } else {
    await payload.updateGlobal({
      slug: globalSlugs.siteSettings,
      data: {
        appearance: { logo: media.stage, primaryColor: '#1d4ed8', secondaryColor: '#f59e0b' },
        contact: {
          address: 'Hafenstrasse 1, 20359 Hamburg',
          businessHours: [
            { days: 'Mon-Fri', hours: '10:00-18:00' },
            { days: 'Sat', hours: '12:00-16:00' },
          ],
          phone: '+49 40 555 0100',
        },
        general: {
          contactEmail: 'hello@example.com',
          siteDescription: 'Concerts, workshops and comedy in Hamburg and Berlin.',
          siteName: 'Harbour Events',
          supportEmail: 'support@example.com',
        },
        private: { bookingNotificationRecipients: [{ email: adminEmail }] },
        seo: {
          defaultMetaDescription: 'See what is on and book your seats.',
          defaultOgImage: media.hero,
        },
        social: { instagram: 'https://instagram.com/harbourevents' },
      },
    })
    report.created.push('site settings')
    log('  + site settings')
  }

  log('Forms')
  const formId = await ensure('form Contact', slugs.forms, { title: { equals: 'Contact' } }, () =>
    payload.create({
      collection: slugs.forms,
      data: contactForm({ from: adminEmail, title: 'Contact', to: adminEmail }),
    }),
  )

  log('Venues and events')
  const venues: Record<string, string> = {}
  for (const venue of sampleVenues) {
    venues[venue.slug] = await ensure(
      `venue ${venue.slug}`,
      slugs.venues,
      { slug: { equals: venue.slug } },
      () => payload.create({ collection: slugs.venues, data: venue }),
    )
  }
  for (const event of sampleEvents(venues, adminId)) {
    await ensure(`event ${event.slug}`, slugs.events, { slug: { equals: event.slug } }, () =>
      payload.create({ collection: slugs.events, data: event }),
    )
  }

  log('Pages')
  for (const page of samplePages(media, formId)) {
    await ensure(`page ${page.slug}`, slugs.pages, { slug: { equals: page.slug } }, () =>
      payload.create({ collection: slugs.pages, data: { ...page, author: adminId } }),
    )
  }
  return report
}
