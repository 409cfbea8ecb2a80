import type { Metadata } from 'next'
import { redirect } from 'next/navigation'

import { PageView, pageMetadata } from '../_components/PageView'
import { HOME_SLUG } from 'payload-events-cms/site'

type Props = {
  params: Promise<{ slug: string }>
  searchParams: Promise<{ preview?: string }>
}

export const dynamic = 'force-dynamic'

export default async function SlugPage({ params, searchParams }: Props) {
  const [{ slug }, { preview }] = await Promise.all([params, searchParams])
  if (slug === HOME_SLUG) redirect(preview === 'true' ? '/?preview=true' : '/')
  return <PageView preview={preview === 'true'} slug={slug} />
}

export const generateMetadata = async ({ params, searchParams }: Props): Promise<Metadata> => {
  const [{ slug }, { preview }] = await Promise.all([params, searchParams])
  return pageMetadata({ preview: preview === 'true', slug })
}
