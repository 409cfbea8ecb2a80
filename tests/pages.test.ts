import sharp from 'sharp'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'

import type { Page } from '../payload-types'
import { getPublishedPage } from 'payload-events-cms/site'
import { slugs } from 'payload-events-cms'
import {
  ACCOUNT_TABLES,
  type Actor,
  createActors,
  createContactForm,
  createMedia,
  json,
  richText,
} from './helpers/fixtures'
import { useTestApp } from './helpers/testApp'

type PageDoc = Page & { layout: NonNullable<Page['layout']> }
type Errors = { errors: { data?: unknown; message: string }[] }

/** One block of every type, with every field set. */
const everyBlock = (mediaId: string, formId: string) => [
  {
    alignment: 'left',
    backgroundImage: mediaId,
    blockType: 'hero',
    cta: { link: '/events', text: 'See events' },
    heading: 'Welcome',
    subheading: 'Live music every night',
  },
  { alignment: 'center', blockType: 'richText', content: richText('About us') },
  {
    alignment: 'right',
    alt: 'Stage',
    blockType: 'image',
    caption: 'Our stage',
    media: mediaId,
    width: 'wide',
  },
  {
    blockType: 'video',
    caption: 'Trailer',
    thumbnail: mediaId,
    url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
  },
  {
    blockType: 'gallery',
    columns: 4,
    images: [{ caption: 'First', image: mediaId }, { image: mediaId }],
    spacing: 'small',
  },
  { blockType: 'contactForm', form: formId, heading: 'Write to us', intro: 'We answer fast.' },
  { blockType: 'eventList', category: 'concert', count: 3, layout: 'list', sort: '-startDate' },
]

const ALL_BLOCKS_QUERY = `query ($slug: String) {
  Pages(where: { slug: { equals: $slug } }) {
    docs {
      title
      layout {
        __typename
        ... on HeroBlock { heading subheading heroAlignment: alignment hidden backgroundImage { id } cta { text link } }
        ... on RichTextBlock { textAlignment: alignment content }
        ... on ImageBlock { alt caption imageAlignment: alignment width media { id } }
        ... on VideoBlock { url caption thumbnail { id } }
        ... on GalleryBlock { columns spacing images { caption image { id } } }
        ... on ContactFormBlock { heading intro form { id } }
        ... on EventListBlock { count category sort layout }
      }
    }
  }
}`

describe('pages', () => {
  let actors: Awaited<ReturnType<typeof createActors>>
  let admin: Actor
  const queries: string[] = []

  const app = useTestApp(() => ({ onQuery: (query) => queries.push(query) }))

  beforeAll(async () => {
    actors = await createActors(app)
    admin = actors.admin
  })

  beforeEach(async () => {
    await app.reset({ keep: ACCOUNT_TABLES })
  })

  const createPage = async (body: Record<string, unknown>, token = admin.token) => {
    const response = await app.rest.post(`/${slugs.pages}`, body, { token })
    return { body: await json<{ doc: PageDoc } & Errors>(response), status: response.status }
  }

  const publicFind = async (slug: string) => {
    const response = await app.rest.get(`/${slugs.pages}?where[slug][equals]=${slug}&depth=0`)
    return (await json<{ docs: PageDoc[] }>(response)).docs
  }

  it('should round-trip every block type through REST and GraphQL', async () => {
    const media = await createMedia(app)
    const form = await createContactForm(app)
    const blocks = everyBlock(String(media.id), String(form.id))

    const created = await createPage({
      _status: 'published',
      layout: blocks,
      slug: 'all-blocks',
      title: 'All blocks',
    })
    expect(created.status).toBe(201)

    const rest = await app.rest.get(`/${slugs.pages}/${created.body.doc.id}?depth=0`)
    const restDoc = await json<PageDoc>(rest)
    expect(restDoc.layout.map((block) => block.blockType)).toEqual(
      blocks.map((block) => block.blockType),
    )
    blocks.forEach((block, index) => expect(restDoc.layout[index]).toMatchObject(block))

    const graphql = await app.graphql(ALL_BLOCKS_QUERY, { variables: { slug: 'all-blocks' } })
    const { data, errors } = await json<{
      data: { Pages: { docs: { layout: Record<string, unknown>[] }[] } }
      errors?: unknown
    }>(graphql)
    expect(errors).toBeUndefined()
    const layout = data.Pages.docs[0]?.layout ?? []
    expect(layout.map((block) => block.__typename)).toEqual([
      'HeroBlock',
      'RichTextBlock',
      'ImageBlock',
      'VideoBlock',
      'GalleryBlock',
      'ContactFormBlock',
      'EventListBlock',
    ])
    expect(layout[0]).toMatchObject({
      backgroundImage: { id: media.id },
      heroAlignment: 'left',
      cta: { link: '/events', text: 'See events' },
      heading: 'Welcome',
    })
    expect(layout[1]).toMatchObject({ content: richText('About us'), textAlignment: 'center' })
    expect(layout[2]).toMatchObject({
      alt: 'Stage',
      imageAlignment: 'right',
      media: { id: media.id },
      width: 'wide',
    })
    expect(layout[3]).toMatchObject({ thumbnail: { id: media.id }, url: blocks[3]?.url })
    expect(layout[4]).toMatchObject({
      columns: 4,
      images: [{ caption: 'First', image: { id: media.id } }, { image: { id: media.id } }],
    })
    expect(layout[5]).toMatchObject({ form: { id: form.id }, heading: 'Write to us' })
    expect(layout[6]).toMatchObject({ category: 'concert', count: 3, layout: 'list' })
  })

  it('should show anonymous readers only the published version, never drafts or archived pages', async () => {
    const created = await createPage({ title: 'Draft only', slug: 'about' })
    expect(created.status).toBe(201)
    expect(created.body.doc._status).toBe('draft')
    expect(await publicFind('about')).toHaveLength(0)
    expect((await app.rest.get(`/${slugs.pages}/${created.body.doc.id}`)).status).toBe(404)

    const id = created.body.doc.id
    await app.rest.patch(`/${slugs.pages}/${id}`, { _status: 'published', title: 'Live' }, admin)
    expect((await publicFind('about'))[0]?.title).toBe('Live')

    // A newer draft stays invisible, also when the anonymous reader asks for drafts.
    const draft = await app.rest.patch(
      `/${slugs.pages}/${id}?draft=true`,
      { title: 'Work in progress' },
      admin,
    )
    expect(draft.status).toBe(200)
    expect((await publicFind('about'))[0]?.title).toBe('Live')
    const askedForDraft = await app.rest.get(`/${slugs.pages}/${id}?draft=true`)
    expect((await json<PageDoc>(askedForDraft)).title).toBe('Live')
    const editorView = await app.rest.get(`/${slugs.pages}/${id}?draft=true`, admin)
    expect((await json<PageDoc>(editorView)).title).toBe('Work in progress')

    await app.rest.patch(`/${slugs.pages}/${id}`, { archived: true }, admin)
    expect(await publicFind('about')).toHaveLength(0)
    const kept = await app.rest.get(`/${slugs.pages}/${id}`, admin)
    expect((await json<PageDoc>(kept)).archived).toBe(true)
  })

  it('should stamp publishedAt on the first publish and keep it afterwards', async () => {
    const created = await createPage({ title: 'News', slug: 'news' })
    expect(created.body.doc.publishedAt).toBeFalsy()
    const id = created.body.doc.id

    const first = await app.rest.patch(`/${slugs.pages}/${id}`, { _status: 'published' }, admin)
    const publishedAt = (await json<{ doc: PageDoc }>(first)).doc.publishedAt
    expect(publishedAt).toBeTruthy()

    const second = await app.rest.patch(
      `/${slugs.pages}/${id}`,
      { _status: 'published', title: 'News 2' },
      admin,
    )
    expect((await json<{ doc: PageDoc }>(second)).doc.publishedAt).toBe(publishedAt)
    expect(created.body.doc.author).toMatchObject({ id: admin.id })
  })

  it('should let a generated slug follow the title until the first publish, then keep it', async () => {
    // What autosave does: the draft is created after the first keystrokes.
    const created = await createPage({ title: 'Sum' })
    expect(created.body.doc.slug).toBe('sum')
    const id = created.body.doc.id
    const typed = await app.rest.patch(
      `/${slugs.pages}/${id}?draft=true`,
      { title: 'Summer festival' },
      admin,
    )
    expect((await json<{ doc: PageDoc }>(typed)).doc.slug).toBe('summer-festival')

    await app.rest.patch(`/${slugs.pages}/${id}`, { _status: 'published' }, admin)
    const renamed = await app.rest.patch(
      `/${slugs.pages}/${id}`,
      { title: 'Summer festival 2027' },
      admin,
    )
    expect((await json<{ doc: PageDoc }>(renamed)).doc.slug).toBe('summer-festival')

    // A slug typed by hand is never overwritten, draft or not.
    const manual = await createPage({ slug: 'my-own', title: 'Draft' })
    const retitled = await app.rest.patch(
      `/${slugs.pages}/${manual.body.doc.id}?draft=true`,
      { title: 'Another title' },
      admin,
    )
    expect((await json<{ doc: PageDoc }>(retitled)).doc.slug).toBe('my-own')
  })

  it('should restore an earlier version', async () => {
    const created = await createPage({ _status: 'published', slug: 'versioned', title: 'First' })
    const id = created.body.doc.id
    await app.rest.patch(`/${slugs.pages}/${id}`, { _status: 'published', title: 'Second' }, admin)

    const versions = await json<{ docs: { id: string; version: { title: string } }[] }>(
      await app.rest.get(
        `/${slugs.pages}/versions?where[parent][equals]=${id}&sort=createdAt`,
        admin,
      ),
    )
    const first = versions.docs.find((version) => version.version.title === 'First')
    expect(first).toBeDefined()
    expect((await app.rest.get(`/${slugs.pages}/versions`)).status).toBe(403)

    const restored = await app.rest.post(`/${slugs.pages}/versions/${first?.id}`, {}, admin)
    expect(restored.status).toBe(200)
    expect((await publicFind('versioned'))[0]?.title).toBe('First')
  })

  it('should publish a page at its scheduled time through the jobs queue', async () => {
    const created = await createPage({ slug: 'scheduled', title: 'Scheduled' })
    await app.payload.jobs.queue({
      input: {
        doc: { relationTo: slugs.pages, value: created.body.doc.id },
        type: 'publish',
        user: { relationTo: slugs.users, value: admin.id },
      },
      queue: 'default',
      task: 'schedulePublish',
      waitUntil: new Date(Date.now() - 1000),
    })
    expect(await publicFind('scheduled')).toHaveLength(0)
    expect(await getPublishedPage(app.payload, 'scheduled')).toBeNull()

    await app.payload.jobs.run({ queue: 'default' })

    expect((await publicFind('scheduled'))[0]?._status).toBe('published')
    expect((await getPublishedPage(app.payload, 'scheduled'))?.title).toBe('Scheduled')
  })

  it('should never return hidden blocks to anonymous readers, over REST or GraphQL', async () => {
    await createPage({
      _status: 'published',
      layout: [
        { blockType: 'hero', heading: 'Shown' },
        { blockType: 'hero', heading: 'Secret', hidden: true },
      ],
      slug: 'hidden-test',
      title: 'Hidden test',
    })

    const [publicDoc] = await publicFind('hidden-test')
    expect(publicDoc?.layout.map((block) => 'heading' in block && block.heading)).toEqual(['Shown'])

    const graphql = await app.graphql(ALL_BLOCKS_QUERY, { variables: { slug: 'hidden-test' } })
    expect(JSON.stringify(await graphql.json())).not.toContain('Secret')

    const asUser = await app.rest.get(
      `/${slugs.pages}?where[slug][equals]=hidden-test`,
      actors.user,
    )
    expect(JSON.stringify(await asUser.json())).not.toContain('Secret')

    const asAdmin = await app.rest.get(`/${slugs.pages}?where[slug][equals]=hidden-test`, admin)
    expect(JSON.stringify(await asAdmin.json())).toContain('Secret')
    expect(JSON.stringify(await getPublishedPage(app.payload, 'hidden-test'))).not.toContain(
      'Secret',
    )
  })

  it('should not let readers find a page by what its hidden blocks say', async () => {
    await createPage({
      _status: 'published',
      layout: [{ blockType: 'hero', heading: 'Secret', hidden: true }],
      slug: 'hidden-search',
      title: 'Hidden search',
    })
    const probe = `/${slugs.pages}?where[layout.heading][like]=Secr`
    const nested = `/${slugs.pages}?where[or][0][layout.heading][like]=Secr`

    const anonymous = await app.rest.get(probe)
    const customer = await app.rest.get(nested, actors.user)
    const sorted = await app.rest.get(`/${slugs.pages}?sort=-layout.heading`)
    const asAdmin = await json<{ totalDocs: number }>(await app.rest.get(probe, admin))

    expect([anonymous.status, customer.status, sorted.status]).toEqual([400, 400, 400])
    expect(await anonymous.text()).toMatch(/cannot be filtered or sorted on .+layout\.heading/)
    expect(asAdmin.totalDocs).toBe(1)
  })

  it('should reorder blocks in one atomic save', async () => {
    const created = await createPage({
      layout: ['One', 'Two', 'Three'].map((heading) => ({ blockType: 'hero', heading })),
      slug: 'order',
      title: 'Order',
    })
    const layout = created.body.doc.layout
    const id = created.body.doc.id

    const reordered = await app.rest.patch(
      `/${slugs.pages}/${id}`,
      { layout: [layout[2], layout[0], layout[1]] },
      admin,
    )
    expect(reordered.status).toBe(200)
    const read = await json<PageDoc>(await app.rest.get(`/${slugs.pages}/${id}`, admin))
    expect(read.layout.map((block) => 'heading' in block && block.heading)).toEqual([
      'Three',
      'One',
      'Two',
    ])

    // A save that fails validation changes nothing: neither the order nor the other blocks.
    const broken = await app.rest.patch(
      `/${slugs.pages}/${id}`,
      {
        layout: [
          { ...read.layout[1], heading: 'Moved' },
          { blockType: 'hero', heading: '' },
        ],
      },
      admin,
    )
    expect(broken.status).toBe(400)
    const after = await json<PageDoc>(await app.rest.get(`/${slugs.pages}/${id}`, admin))
    expect(after.layout.map((block) => 'heading' in block && block.heading)).toEqual([
      'Three',
      'One',
      'Two',
    ])
  })

  it("should show each block in the admin's block picker with a picture of its own", async () => {
    const layout = app.payload.collections[slugs.pages].config.flattenedFields.find(
      (field) => field.name === 'layout',
    )
    const blocks = layout && 'blocks' in layout ? layout.blocks : []
    const pictures = await Promise.all(
      blocks.map(async ({ imageAltText, imageURL, slug }) => {
        const svg = decodeURIComponent(
          String(imageURL).replace(/^data:image\/svg\+xml;charset=utf-8,/, ''),
        )
        const { height, width } = await sharp(Buffer.from(svg)).metadata()
        return { alt: Boolean(imageAltText), height, slug, url: imageURL, width }
      }),
    )

    expect(blocks.length).toBe(7)
    expect(new Set(pictures.map(({ url }) => url)).size).toBe(blocks.length)
    expect(pictures.filter(({ alt, width }) => !alt || !width)).toEqual([])
  })

  it('should accept a video file on the site itself, and refuse a path that leaves it', async () => {
    const local = await createPage({
      layout: [{ blockType: 'video', url: '/videos/harbour-night.mp4' }],
      title: 'Local video',
    })
    const protocolRelative = await createPage({
      layout: [{ blockType: 'video', url: '//evil.example/x.mp4' }],
      title: 'Elsewhere',
    })

    expect(local.status).toBe(201)
    expect(protocolRelative.status).toBe(400)
  })

  it('should refuse a duplicate or malformed slug and invalid block input with a 400 naming it', async () => {
    expect((await createPage({ title: 'Home', slug: 'home' })).status).toBe(201)

    const duplicate = await createPage({ title: 'Home again', slug: 'home' })
    expect(duplicate.status).toBe(400)
    expect(JSON.stringify(duplicate.body)).toMatch(/slug/i)

    const malformed = await createPage({ title: 'Bad', slug: 'Not A Slug' })
    expect(malformed.status).toBe(400)
    expect(malformed.body.errors[0]?.message).toMatch(/slug/i)

    // The site's own routes (and Payload's) are not pages' to take, typed or generated.
    for (const page of [{ title: 'Our events', slug: 'events' }, { title: 'Account' }]) {
      const taken = await createPage(page)
      expect(taken.status).toBe(400)
      expect(JSON.stringify(taken.body)).toContain("is taken by the site's own")
    }

    const video = await createPage({
      layout: [{ blockType: 'video', url: 'https://example.com/watch' }],
      title: 'Video',
    })
    expect(video.status).toBe(400)
    expect(JSON.stringify(video.body)).toContain('Video URL must be a YouTube or Vimeo')

    const columns = await createPage({
      layout: [{ blockType: 'gallery', columns: 9, images: [] }],
      title: 'Gallery',
    })
    expect(columns.status).toBe(400)
    expect(JSON.stringify(columns.body)).toMatch(/Columns|images/)

    const cta = await createPage({
      layout: [{ blockType: 'hero', cta: { link: 'javascript:alert(1)' }, heading: 'x' }],
      title: 'CTA',
    })
    expect(cta.status).toBe(400)
    expect(JSON.stringify(cta.body)).toContain('CTA link must start with')
  })

  it('should let only admins write pages', async () => {
    expect((await createPage({ title: 'Nope' }, actors.organizer.token)).status).toBe(403)
    expect((await createPage({ title: 'Nope' }, actors.user.token)).status).toBe(403)
    expect((await app.rest.post(`/${slugs.pages}`, { title: 'Nope' })).status).toBe(403)
  })

  it('should keep the database rules when hooks are skipped', async () => {
    await createPage({ title: 'Rules', slug: 'rules' })
    await expect(app.sql.query(`UPDATE pages SET slug = 'Bad Slug'`)).rejects.toThrow(
      /pages_slug_format/,
    )
    await expect(
      app.sql.query(`UPDATE site_settings SET appearance_primary_color = 'red'`).then(async () => {
        await app.sql.query(`INSERT INTO site_settings (appearance_primary_color) VALUES ('red')`)
      }),
    ).rejects.toThrow(/site_settings_primary_color_hex/)
  })

  it('should serve GET /api/pages/published/:slug from the cache, without drafts or hidden blocks', async () => {
    const created = await createPage({
      _status: 'published',
      layout: [
        { blockType: 'hero', heading: 'Public' },
        { blockType: 'hero', heading: 'Secret', hidden: true },
      ],
      slug: 'served',
      title: 'Served',
    })
    const first = await app.rest.get(`/${slugs.pages}/published/served`)
    expect(first.status).toBe(200)
    const body = await json<PageDoc>(first)
    expect(body.layout.map((block) => 'heading' in block && block.heading)).toEqual(['Public'])

    queries.length = 0
    expect((await app.rest.get(`/${slugs.pages}/published/served`)).status).toBe(200)
    expect(queries.filter((query) => !/payload_preferences|users/.test(query))).toEqual([])

    await app.rest.patch(
      `/${slugs.pages}/${created.body.doc.id}?draft=true`,
      { title: 'Draft title' },
      admin,
    )
    expect(
      (await json<PageDoc>(await app.rest.get(`/${slugs.pages}/published/served`))).title,
    ).toBe('Served')

    const missing = await app.rest.get(`/${slugs.pages}/published/nope`)
    expect(missing.status).toBe(404)
    expect((await json<Errors>(missing)).errors[0]?.message).toBe('No published page "nope".')
    // Misses are never kept (unknown slugs must not grow the cache): the next one asks again.
    queries.length = 0
    expect((await app.rest.get(`/${slugs.pages}/published/nope`)).status).toBe(404)
    expect(queries.some((query) => query.includes('"pages"'))).toBe(true)
  })

  it('should serve published pages from the cache and show a change on the next read', async () => {
    const created = await createPage({
      _status: 'published',
      layout: [{ blockType: 'hero', heading: 'Before' }],
      slug: 'cached',
      title: 'Cached',
    })
    const first = await getPublishedPage(app.payload, 'cached')
    expect(first?.layout?.[0]).toMatchObject({ heading: 'Before' })

    // A hit runs no SQL at all.
    queries.length = 0
    await getPublishedPage(app.payload, 'cached')
    expect(queries).toEqual([])

    const layout = created.body.doc.layout
    await app.rest.patch(
      `/${slugs.pages}/${created.body.doc.id}`,
      { layout: [{ ...layout[0], heading: 'After' }] },
      admin,
    )
    const next = await getPublishedPage(app.payload, 'cached')
    expect(next?.layout?.[0]).toMatchObject({ heading: 'After' })

    // A change to media a page shows clears that page too (its entry carries the media tag).
    const media = await createMedia(app, 'Old alt')
    await app.rest.patch(
      `/${slugs.pages}/${created.body.doc.id}`,
      { layout: [{ blockType: 'image', media: media.id }] },
      admin,
    )
    const withImage = await getPublishedPage(app.payload, 'cached')
    expect(withImage?.layout?.[0]).toMatchObject({ media: { alt: 'Old alt' } })
    await app.rest.patch(`/${slugs.media}/${media.id}`, { alt: 'New alt' }, admin)
    expect((await getPublishedPage(app.payload, 'cached'))?.layout?.[0]).toMatchObject({
      media: { alt: 'New alt' },
    })
    await app.rest.patch(
      `/${slugs.pages}/${created.body.doc.id}`,
      { layout: [{ ...layout[0], heading: 'After' }] },
      admin,
    )

    // A draft save does not reach the public cache.
    await app.rest.patch(
      `/${slugs.pages}/${created.body.doc.id}?draft=true`,
      { layout: [{ ...layout[0], heading: 'Draft' }] },
      admin,
    )
    expect((await getPublishedPage(app.payload, 'cached'))?.layout?.[0]).toMatchObject({
      heading: 'After',
    })
  })
})
