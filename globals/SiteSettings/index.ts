import type { Field, GlobalConfig } from 'payload'

import { adminsOnly, adminsOnlyField } from '../../src/access/adminsOnly'
import { anyone } from '../../src/access/anyone'
import { publicSettingsEndpoint } from './publicSettingsEndpoint'
import { validEmail, validHexColor, validHttpUrl } from '../../src/fields/validators'
import { uploadField } from '../../src/fields/uploadField'
import type { PluginSettings } from '../../src/settings'
import { globalSlugs } from '../../src/slugs'

const socialUrl = (name: string, label: string): Field => ({
  name,
  type: 'text',
  label,
  validate: validHttpUrl(`${label} URL`),
})

/** Custom CSS lands in a <style> tag, so it must not be able to close it. */
const validCss = (value: null | string | undefined) =>
  !value || !/<\/?style|<script/i.test(value)
    ? true
    : 'Custom CSS must not contain <style> or <script> tags.'

/**
 * Site-wide settings. Everything is public except the `private` group, which only admins can read
 * (field access, so REST, GraphQL and the Local API with access checks all leave it out).
 */
export const createSiteSettingsGlobal = (settings: PluginSettings): GlobalConfig => ({
  slug: globalSlugs.siteSettings,
  access: { read: anyone, update: adminsOnly },
  admin: { group: 'Settings' },
  endpoints: [publicSettingsEndpoint],
  fields: [
    {
      name: 'general',
      type: 'group',
      fields: [
        {
          name: 'siteName',
          type: 'text',
          defaultValue: 'Events CMS',
          maxLength: 80,
          required: true,
        },
        { name: 'siteDescription', type: 'textarea', maxLength: 300 },
        { name: 'contactEmail', type: 'email', validate: validEmail('Contact email') },
        { name: 'supportEmail', type: 'email', validate: validEmail('Support email') },
        {
          name: 'maintenanceMode',
          type: 'checkbox',
          admin: { description: 'The public site shows a maintenance notice instead of pages.' },
          defaultValue: false,
        },
      ],
    },
    {
      name: 'contact',
      type: 'group',
      fields: [
        { name: 'address', type: 'textarea', maxLength: 500 },
        { name: 'phone', type: 'text', maxLength: 40 },
        {
          name: 'businessHours',
          type: 'array',
          fields: [
            {
              type: 'row',
              fields: [
                { name: 'days', type: 'text', maxLength: 40, required: true },
                { name: 'hours', type: 'text', maxLength: 40, required: true },
              ],
            },
          ],
          maxRows: 14,
        },
      ],
    },
    {
      name: 'social',
      type: 'group',
      fields: [
        socialUrl('facebook', 'Facebook'),
        socialUrl('x', 'X'),
        socialUrl('instagram', 'Instagram'),
        socialUrl('linkedin', 'LinkedIn'),
      ],
    },
    {
      name: 'seo',
      type: 'group',
      label: 'SEO',
      fields: [
        { name: 'defaultMetaDescription', type: 'textarea', maxLength: 320 },
        ...uploadField(settings, { name: 'defaultOgImage' }),
        {
          name: 'analyticsId',
          type: 'text',
          maxLength: 40,
          validate: (value: null | string | undefined) =>
            !value || /^[A-Z0-9-]+$/i.test(value)
              ? true
              : 'Analytics ID may use letters, digits and hyphens only (e.g. G-ABC123).',
        },
      ],
    },
    {
      name: 'appearance',
      type: 'group',
      fields: [
        {
          type: 'row',
          fields: [
            {
              name: 'primaryColor',
              type: 'text',
              defaultValue: '#1d4ed8',
              validate: validHexColor('Primary colour'),
            },
            {
              name: 'secondaryColor',
              type: 'text',
              defaultValue: '#f59e0b',
              validate: validHexColor('Secondary colour'),
            },
          ],
        },
        ...uploadField(settings, { name: 'logo' }),
        ...uploadField(settings, { name: 'favicon' }),
        {
          name: 'customCss',
          type: 'code',
          admin: { language: 'css' },
          maxLength: 20_000,
          validate: validCss,
        },
      ],
    },
    {
      name: 'private',
      type: 'group',
      access: { read: adminsOnlyField, update: adminsOnlyField },
      admin: { description: 'Only admins see these values; the API never returns them to others.' },
      fields: [
        {
          name: 'bookingNotificationRecipients',
          type: 'array',
          dbName: 'site_settings_notify',
          fields: [
            {
              name: 'email',
              type: 'email',
              required: true,
              validate: validEmail('Recipient'),
            },
          ],
          maxRows: 20,
        },
        { name: 'internalNotes', type: 'textarea', maxLength: 5000 },
      ],
    },
  ],
})
