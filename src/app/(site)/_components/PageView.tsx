import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { cache } from 'react'

import { getPublicSettings, getPublishedPage } from 'payload-events-cms/site'

import type { Page, SiteSetting } from '../../../../payload-types'
import { mediaUrl } from '../_lib/media'
import { sitePayload } from '../_lib/payload'
import { getDraftPageForEditor } from '../_lib/preview'
import { RefreshOnSave } from './RefreshOnSave'
import { RenderBlocks } from './RenderBlocks'

type Props = { preview: boolean; slug: string }

/** Once per request: the page and its metadata both need it (a preview's draft is uncached). */
const loadPageOnce = cache(async (preview: boolean, slug: string) => {
  const payload = await sitePayload()
  const draft = preview ? await getDraftPageForEditor(payload, slug) : undefined
  return {
    isDraft: draft !== undefined,
    page: draft === undefined ? await getPublishedPage<Page>(payload, slug) : draft,
  }
})
const loadPage = ({ preview, slug }: Props) => loadPageOnce(preview, slug)

/** A page by slug: the published one, or with `?preview=true` the editor's latest draft. */
export const PageView = async (props: Props) => {
  const { isDraft, page } = await loadPage(props)
  if (!page) notFound()
  return (
    <article className="page" data-page={page.slug}>
      {isDraft ? <RefreshOnSave /> : null}
      <RenderBlocks blocks={page.layout} />
    </article>
  )
}

export const pageMetadata = async (props: Props): Promise<Metadata> => {
  const payload = await sitePayload()
  const [{ page }, settings] = await Promise.all([
    loadPage(props),
    getPublicSettings<SiteSetting>(payload),
  ])
  if (!page) return { title: settings.general.siteName }
  const image = mediaUrl(page.meta?.image, 'og') ?? mediaUrl(settings.seo?.defaultOgImage, 'og')
  const description = page.meta?.description || settings.seo?.defaultMetaDescription || undefined
  return {
    description,
    openGraph: {
      description,
      images: image ? [image] : undefined,
      title: page.meta?.title || page.title,
    },
    title: `${page.meta?.title || page.title} | ${settings.general.siteName}`,
  }
}
