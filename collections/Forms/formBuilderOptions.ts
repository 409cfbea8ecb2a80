import type { PluginConfig as FormBuilderOptions } from '@payloadcms/plugin-form-builder/types'
import type { CollectionConfig } from 'payload'

import { adminsOnly } from '../../src/access/adminsOnly'
import { anyone } from '../../src/access/anyone'
import { pageEditors, pageEditorsField } from '../../src/access/pageAccess'
import type { PluginSettings } from '../../src/settings'
import { afterCommit } from '../../src/utilities/afterCommit'
import { refuseDeleteWhileUsed } from '../../hooks/refuseDeleteWhileUsed'
import { validateSubmissionBeforeChange } from './validateSubmissionBeforeChange'
import { queueFormNotifications } from './queueFormNotifications'
import type { DocId } from '../../src/utilities/ids'

const never = () => false

/**
 * Pages show forms: clear the site's cache when one changes. A form a page still uses, or one
 * with submissions (they would lose their form), is not deleted: a 409 names the places.
 */
export const formsBehaviour: Required<CollectionConfig>['hooks'] = {
  beforeDelete: [refuseDeleteWhileUsed],
}

/** Check a submission against its form before it is stored. */
export const submissionsBehaviour: Required<CollectionConfig>['hooks'] = {
  beforeChange: [validateSubmissionBeforeChange],
}

/**
 * The contact-form block's forms (@payloadcms/plugin-form-builder). Page editors manage forms;
 * anyone may submit; only admins read submissions (the plugin's default lets any logged-in user).
 */
export const formBuilderOptions = (settings: PluginSettings): FormBuilderOptions => ({
  // The plugin sends mail in afterChange, before the submission commits. Hand it nothing to send
  // now: the messages go onto the outbox in the submission's transaction (no mail for a lost
  // write, none lost to a crash after the commit), or without the mail part after the commit.
  beforeEmail: async (emails, args) => {
    const { req } = args
    // The plugin passes its afterChange arguments (typed as beforeChange's): `doc` is there.
    const submission = (args as unknown as { doc?: { id?: DocId } }).doc?.id
    if (settings.parts.mail && submission !== undefined) {
      await queueFormNotifications(req, emails, submission)
      return []
    }
    await afterCommit(req, async () => {
      await Promise.all(emails.map((email) => req.payload.sendEmail(email)))
    })
    return []
  },
  fields: {
    checkbox: true,
    country: false,
    email: true,
    message: true,
    number: true,
    payment: false,
    select: true,
    state: false,
    text: true,
    textarea: true,
    upload: false,
  },
  formOverrides: {
    access: { create: pageEditors, delete: pageEditors, read: anyone, update: pageEditors },
    // Forms are public (the site renders them); who gets their mails is not.
    fields: ({ defaultFields }) =>
      defaultFields.map((field) =>
        'name' in field && field.name === 'emails' && field.type === 'array'
          ? { ...field, access: { ...field.access, read: pageEditorsField } }
          : field,
      ),
    hooks: formsBehaviour,
  },
  formSubmissionOverrides: {
    access: { create: anyone, delete: adminsOnly, read: adminsOnly, update: never },
    hooks: submissionsBehaviour,
  },
  redirectRelationships: settings.parts.pages ? [settings.slugs.pages] : [],
})
