import type { Block } from 'payload'

import { eventCategories } from '../fields/eventCategories'
import { wholeNumberInRange } from '../fields/validators'
import { hiddenField } from './sharedFields'
import { thumbnailOf } from './thumbnails'

export const eventListSorts = ['startDate', '-startDate', 'title'] as const

/** Upcoming published events, read live when the page renders (never stored in the page). */
export const EventListBlock: Block = {
  slug: 'eventList',
  ...thumbnailOf('eventList', 'A list of upcoming events with their dates'),
  interfaceName: 'EventListBlock',
  graphQL: { singularName: 'EventListBlock' },
  fields: [
    { name: 'heading', type: 'text', maxLength: 120 },
    {
      type: 'row',
      fields: [
        {
          name: 'count',
          type: 'number',
          defaultValue: 6,
          max: 50,
          min: 1,
          required: true,
          validate: wholeNumberInRange(1, 50, 'Count'),
        },
        {
          name: 'category',
          type: 'select',
          admin: { description: 'Empty: every category.' },
          options: eventCategories.map((value) => ({ label: value, value })),
        },
        {
          name: 'sort',
          type: 'select',
          defaultValue: 'startDate',
          options: [
            { label: 'Soonest first', value: 'startDate' },
            { label: 'Latest first', value: '-startDate' },
            { label: 'Title', value: 'title' },
          ],
          required: true,
        },
        {
          name: 'layout',
          type: 'select',
          defaultValue: 'grid',
          options: [
            { label: 'Grid', value: 'grid' },
            { label: 'List', value: 'list' },
          ],
          required: true,
        },
      ],
    },
    hiddenField,
  ],
}
