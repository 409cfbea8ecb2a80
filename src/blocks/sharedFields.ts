import type { Field } from 'payload'

/** Hidden blocks stay stored (and visible to editors) but are never rendered or sent to readers. */
export const hiddenField: Field = {
  name: 'hidden',
  type: 'checkbox',
  admin: { description: 'Keep the block but do not show it on the site.' },
  defaultValue: false,
}

export const alignments = ['left', 'center', 'right'] as const

export const alignmentField = (defaultValue: (typeof alignments)[number] = 'left'): Field => ({
  name: 'alignment',
  type: 'select',
  defaultValue,
  // One GraphQL/TS type for every block, so a query can select `alignment` on several blocks.
  interfaceName: 'Alignment',
  options: alignments.map((value) => ({ label: value, value })),
  required: true,
})
