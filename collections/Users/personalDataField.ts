import type { Field } from 'payload'

/** The admin's export and erase buttons in an account's sidebar; a `ui` field, so no schema change. */
export const personalDataField: Field = {
  name: 'personalData',
  type: 'ui',
  admin: {
    // A package specifier, so `payload generate:importmap` in any app resolves it.
    components: { Field: 'payload-events-cms/client#PersonalDataActions' },
    condition: (_data, _siblingData, { user }) =>
      (user as { role?: unknown } | null)?.role === 'admin',
    disableListColumn: true,
    position: 'sidebar',
  },
}
