import type { Metadata } from 'next'

import { PageView, pageMetadata } from './_components/PageView'
import { HOME_SLUG } from 'payload-events-cms/site'

type Props = { searchParams: Promise<{ preview?: string }> }

export const dynamic = 'force-dynamic'

export default async function HomePage({ searchParams }: Props) {
  const { preview } = await searchParams
  return <PageView preview={preview === 'true'} slug={HOME_SLUG} />
}

export const generateMetadata = async ({ searchParams }: Props): Promise<Metadata> =>
  pageMetadata({ preview: (await searchParams).preview === 'true', slug: HOME_SLUG })
