import type { UploadField } from 'payload'

import type { PluginSettings } from '../settings'

/**
 * An upload field pointing at the app's media collection, or nothing when the app has none for the
 * plugin (`media: false` and no `media` collection): the images are optional everywhere.
 */
export const uploadField = (
  settings: Pick<PluginSettings, 'slugs'>,
  field: Pick<UploadField, 'admin' | 'name' | 'required'>,
): UploadField[] =>
  settings.slugs.media
    ? [{ ...field, relationTo: settings.slugs.media, type: 'upload' } as UploadField]
    : []
