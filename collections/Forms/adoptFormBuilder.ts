import type { CollectionConfig } from 'payload'

import { prependHooks } from '../../hooks/prependHooks'
import { formsBehaviour, submissionsBehaviour } from './formBuilderOptions'

/** Whether a collection is @payloadcms/plugin-form-builder's `forms` (an app that applies it itself). */
export const isFormBuilderForms = (collection: CollectionConfig): boolean =>
  collection.fields.some((field) => 'name' in field && field.name === 'confirmationType')

/**
 * The app applies the form builder itself: the plugin reuses its `forms` and `form-submissions`
 * (never applying it twice) and adds its hooks before the app's: submissions are checked against
 * their form, and pages showing a form are refreshed when it changes. Access stays the app's.
 */
export const adoptFormBuilderCollection = (
  collection: CollectionConfig,
  kind: 'forms' | 'submissions',
): CollectionConfig => ({
  ...collection,
  hooks: prependHooks(collection.hooks, kind === 'forms' ? formsBehaviour : submissionsBehaviour),
})
