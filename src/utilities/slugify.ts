/** "Café Müller – Jazz Night!" -> "cafe-muller-jazz-night": lowercase ASCII letters, digits, hyphens. */
export const SLUG_MAX_LENGTH = 120

export const slugify = (value: string): string =>
  value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, SLUG_MAX_LENGTH)
    .replace(/-+$/g, '')

/** The format the database CHECK constraints enforce too. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
