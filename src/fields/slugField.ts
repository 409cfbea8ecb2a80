import type { FieldHook, TextField } from 'payload'

import { SLUG_MAX_LENGTH, SLUG_PATTERN, slugify } from '../utilities/slugify'

type SlugFieldArgs = {
  /** The field the slug is generated from when none is given. */
  from: string
  overrides?: Partial<
    Pick<TextField, 'admin' | 'label' | 'localized' | 'name' | 'required' | 'unique'>
  >
  /** Slugs that are taken by something else at the same address (refused with a message). */
  reserved?: readonly string[]
}

/**
 * A unique, URL-safe slug generated from another field when absent. Unlike Payload's experimental
 * `slugField`, it never changes on its own once the document is live (public URLs stay stable) and
 * rejects a malformed slug with a message instead of rewriting it.
 */
export const slugField = ({ from, overrides, reserved = [] }: SlugFieldArgs): TextField => {
  const generate: FieldHook = ({ operation, originalDoc, siblingData, value }) => {
    const source = siblingData[from]
    if (typeof value === 'string' && value.trim() !== '') {
      // Autosave creates a draft after the first keystrokes; until the first publish, a slug that
      // was generated (never edited by hand) follows the title instead of freezing half of it.
      const original = originalDoc as Record<string, unknown> | undefined
      const followsTitle =
        operation === 'update' &&
        typeof source === 'string' &&
        original?._status === 'draft' &&
        !original.publishedAt &&
        value === original.slug &&
        value === slugify(String(original[from] ?? ''))
      return followsTitle ? slugify(source) || value : value.trim()
    }
    return typeof source === 'string' ? slugify(source) || undefined : value
  }
  return {
    name: 'slug',
    type: 'text',
    admin: { description: `Generated from ${from} when left empty.`, position: 'sidebar' },
    hooks: { beforeValidate: [generate] },
    index: true,
    maxLength: SLUG_MAX_LENGTH,
    // Not `required`: that would make GraphQL and Local API callers send a slug the hook generates.
    // `validate` still demands one, and the column is NOT NULL in the database.
    unique: true,
    validate: (value: null | string | undefined) => {
      if (!value) return 'A slug is required (or a value to generate it from).'
      if (value.length > SLUG_MAX_LENGTH)
        return `Slug must be at most ${SLUG_MAX_LENGTH} characters.`
      if (reserved.includes(value))
        return `The slug "${value}" is taken by the site's own /${value}: choose another.`
      return SLUG_PATTERN.test(value)
        ? true
        : 'Slug must use lowercase letters, digits and single hyphens only (e.g. "summer-jazz-2026").'
    },
    ...overrides,
  }
}
