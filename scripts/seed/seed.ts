import { randomBytes } from 'node:crypto'

import type { CollectionSlug, Payload, Where } from 'payload'
import sharp from 'sharp'

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
  const image = async (name: string, alt: string, colour: { b: number; g: number; r: number }) =>
    // By stem: Payload stores "seed-hero-1.png" when the file survived a database reset.
    ensure(
      `media ${name}`,
      slugs.media,
      { filename: { like: name.replace(/\.png$/, '') } },
      async () => {
        const data = await sharp({
          create: { background: colour, channels: 3, height: 1200, width: 2000 },
        })
          .png()
          .toBuffer()
        return payload.create({
          collection: slugs.media,
          data: { alt },
          file: { data, mimetype: 'image/png', name, size: data.length },
        })
      },
    )
  const media: SeedMedia = {
    crowd: await image('seed-crowd.png', 'An audience in front of a stage', {
      b: 96,
      g: 40,
      r: 150,
    }),
    hero: await image('seed-hero.png', 'The harbour at dusk', { b: 140, g: 78, r: 29 }),
    stage: await image('seed-stage.png', 'A lit concert stage', { b: 20, g: 120, r: 230 }),
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
