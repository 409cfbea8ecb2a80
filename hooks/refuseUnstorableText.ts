import type { CollectionBeforeValidateHook, GlobalBeforeValidateHook } from 'payload'

import { PublicError } from '../src/utilities/publicError'
import { unstorableTextPath } from '../src/utilities/storableText'

/** A 400 naming the field, instead of PostgreSQL's error (a 500) after half the work is done. */
export const assertStorableText = (data: unknown): void => {
  const path = unstorableTextPath(data)
  if (path !== undefined) {
    throw new PublicError(
      `"${path}" contains a character that cannot be stored (a NUL byte or a lone UTF-16 surrogate).`,
      400,
      { field: path },
    )
  }
}

export const refuseUnstorableText: CollectionBeforeValidateHook = ({ data }) => {
  assertStorableText(data)
  return data
}

export const refuseUnstorableTextInGlobal: GlobalBeforeValidateHook = ({ data }) => {
  assertStorableText(data)
  return data
}
