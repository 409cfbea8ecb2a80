import type { Media } from '../../../../payload-types'

type SizeName = keyof NonNullable<Media['sizes']>

/** A populated media document, or nothing when only an id (or nothing) is there. */
export const asMedia = (value: unknown): Media | undefined =>
  value && typeof value === 'object' && 'url' in value ? (value as Media) : undefined

/** The URL of the preferred generated size, falling back to the original file. */
export const mediaUrl = (value: unknown, size?: SizeName): string | undefined => {
  const media = asMedia(value)
  if (!media) return undefined
  return (size && media.sizes?.[size]?.url) || media.url || undefined
}
